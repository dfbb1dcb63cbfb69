/**
 * The workspace name's one rule on length, shared by the forms (maxLength, the counter)
 * and the server (lib/workspaces/workspace-name.ts). No server code: safe in client components.
 * Length is counted as the browser's maxLength counts it (UTF-16 code units).
 */
export const WORKSPACE_NAME_MAX = 80;

/** The message for a name over the limit, the same in the browser, the console and the CLI. */
export function workspaceNameTooLong(length: number): string {
  return `This name has ${length} characters; a workspace name can have at most ${WORKSPACE_NAME_MAX}. Shorten it and try again.`;
}
