import "server-only";
import { z } from "zod";
import { COMPONENT_STATES, INCIDENT_COMPONENT_STATES, INCIDENT_IMPACTS, INCIDENT_STATUSES } from "../types";

/**
 * Input schemas for everything an operator writes. The services parse again whatever
 * reaches them (the registry parses first for the console), so a direct caller gets the
 * same typed VALIDATION error and nothing half-written.
 */
const uuid = z.string().uuid("That id is not valid.");
const title = z.string().trim().min(1, "Enter a title.").max(200, "Use at most 200 characters.");
const longText = (what: string) => z.string().trim().max(4000, `Keep the ${what} under 4,000 characters.`);
const password = z.string().max(1024).optional();
const code = z.string().max(16).optional();

export const componentUpdateInput = z.strictObject({
  componentId: uuid,
  name: z.string().trim().min(1, "Enter a name.").max(80, "Use at most 80 characters."),
  description: z.string().trim().max(300, "Use at most 300 characters.").default(""),
  position: z.coerce.number({ error: "Enter a number." }).int("Enter a whole number.").min(0, "Use 0 or more.").max(1000, "Use 1000 or less."),
  hidden: z.boolean().default(false),
  overrideState: z.enum(COMPONENT_STATES, "Choose a state.").nullable().default(null),
});

const affected = z
  .array(z.strictObject({ componentId: uuid, state: z.enum(INCIDENT_COMPONENT_STATES, "Choose how the component is affected.") }))
  .max(100)
  .refine((list) => new Set(list.map((c) => c.componentId)).size === list.length, "Each component can be listed once.");

export const incidentCreateInput = z.strictObject({
  title,
  impact: z.enum(INCIDENT_IMPACTS, "Choose an impact."),
  status: z.enum(["investigating", "identified", "monitoring"], "Choose a status.").default("investigating"),
  isPublic: z.boolean().default(true),
  components: affected.default([]),
  body: longText("update").min(1, "Write the first update."),
});

export const incidentEditInput = z.strictObject({
  incidentId: uuid,
  title: title.optional(),
  impact: z.enum(INCIDENT_IMPACTS, "Choose an impact.").optional(),
  isPublic: z.boolean().optional(),
  components: affected.optional(),
});

export const incidentUpdateInput = z.strictObject({
  incidentId: uuid,
  status: z.enum(INCIDENT_STATUSES, "Choose a status."),
  body: longText("update").min(1, "Write the update."),
});

export const maintenanceScheduleInput = z
  .strictObject({
    title,
    description: longText("description").default(""),
    startsAt: z.coerce.date({ error: "Enter a start time." }),
    endsAt: z.coerce.date({ error: "Enter an end time." }),
    componentIds: z.array(uuid).min(1, "Choose at least one component.").max(100),
  })
  .refine((m) => m.endsAt.getTime() > m.startsAt.getTime(), { message: "The end must be after the start.", path: ["endsAt"] })
  .refine((m) => m.endsAt.getTime() > Date.now(), { message: "The window has already ended.", path: ["endsAt"] });

export const maintenanceCancelInput = z.strictObject({ maintenanceId: uuid });

export const incidentIdInput = z.strictObject({ incidentId: uuid });

export const securityDetailsInput = z.strictObject({
  incidentId: uuid,
  workspaceIds: z.array(uuid).max(10_000).default([]),
  scope: longText("scope").default(""),
  impact: longText("impact").default(""),
  remediation: longText("remediation").default(""),
});

/** Confirming and sending need recent authentication: the password or a current TOTP code. */
export const securityStepInput = z.strictObject({ incidentId: uuid, password, code });

export const auditListInput = z.strictObject({ action: z.string().max(64).optional(), cursor: uuid.optional() });
