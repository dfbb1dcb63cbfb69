import "server-only";

export { createWorkspace, slugify } from "./create-workspace";
