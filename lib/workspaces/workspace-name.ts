import "server-only";
import { AppError } from "../errors";
import { WORKSPACE_NAME_MAX, workspaceNameTooLong } from "../console/workspace-name";

/**
 * Checks a workspace name before it is stored (create, rename, the CLI): trimmed, not
 * empty, at most WORKSPACE_NAME_MAX characters. A longer name is refused with NAME_TOO_LONG,
 * never cut: a silently shortened name is not the one the user typed.
 */
export function checkWorkspaceName(raw: string): string {
  const name = raw.trim();
  if (!name) throw new AppError("VALIDATION", "Enter a name.", { field: "name" });
  if (name.length > WORKSPACE_NAME_MAX) throw new AppError("NAME_TOO_LONG", workspaceNameTooLong(name.length), { field: "name" });
  return name;
}
