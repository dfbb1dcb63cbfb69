import { describe, expect, it } from "vitest";
import { assignableRoles, can, canManageMember, PERMISSIONS } from "./index";

describe("permission table", () => {
  it("gives owners every permission", () => {
    for (const p of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]) expect(can("OWNER", p)).toBe(true);
  });
  it("keeps owner-only powers from admins and members", () => {
    for (const p of ["workspace.delete", "workspace.transfer", "workspace.rename", "workspace.securityPolicy"] as const) {
      expect(can("ADMIN", p)).toBe(false);
      expect(can("MEMBER", p)).toBe(false);
    }
  });
  it("lets admins manage members but never grant admin or owner", () => {
    expect(can("ADMIN", "members.invite")).toBe(true);
    expect(assignableRoles("ADMIN")).toEqual(["MEMBER"]);
    expect(canManageMember("ADMIN", "OWNER")).toBe(false);
    expect(canManageMember("ADMIN", "ADMIN")).toBe(false);
    expect(canManageMember("ADMIN", "MEMBER")).toBe(true);
  });
  it("gives members no management at all", () => {
    expect(can("MEMBER", "members.invite")).toBe(false);
    expect(can("MEMBER", "providers.manage")).toBe(false);
    expect(can("MEMBER", "audit.view")).toBe(false);
    expect(assignableRoles("MEMBER")).toEqual([]);
  });
});
