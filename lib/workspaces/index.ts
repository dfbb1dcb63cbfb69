export { createWorkspace, slugify } from "./create-workspace";
