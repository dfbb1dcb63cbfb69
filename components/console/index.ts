export { ConsoleShell } from "./console-shell";
export type { ConsoleShellProps, ConsoleNavItem } from "./console-shell";
export { WorkspaceSwitcher } from "./workspace-switcher";
export type { WorkspaceSwitcherProps, WorkspaceSummary } from "./workspace-switcher";
export { UserMenu } from "./user-menu";
export type { UserMenuProps } from "./user-menu";
