"use server";

import { revalidatePath } from "next/cache";
import { runWorkspaceAction } from "@/lib/actions/registry";
import { getCurrentUser } from "@/lib/auth/current-user";
import { formString, type FormState } from "@/lib/console/form-state";

/** What the create form shows once: the full key (never stored, never shown again) and its name. */
export type CreatedKey = { key: string; name: string; prefix: string };

export async function createApiKey(slug: string, _prev: FormState<CreatedKey>, formData: FormData): Promise<FormState<CreatedKey>> {
  const principal = await getCurrentUser();
  const expires = formString(formData, "expiresInDays");
  const input = { name: formString(formData, "name"), ...(expires ? { expiresInDays: expires } : {}) };
  const result = await runWorkspaceAction("apiKeys.create", principal, slug, input);
  if (!result.ok) return result;
  revalidatePath(`/w/${slug}/keys`);
  const { key, record } = result.data;
  return { ok: true, data: { key, name: record.name, prefix: record.prefix } };
}

export async function revokeApiKey(slug: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const principal = await getCurrentUser();
  const result = await runWorkspaceAction("apiKeys.revoke", principal, slug, { apiKeyId: formString(formData, "apiKeyId") });
  if (result.ok) revalidatePath(`/w/${slug}/keys`);
  return result;
}

const LIMIT_FIELDS = ["spendUsdPerDay", "spendUsdPerMonth", "tokensPerDay", "tokensPerMonth", "requestsPerMinute", "tokensPerMinute", "allowedModels"] as const;

/** Saves the limits of one key (`apiKeyId`) or of the workspace (null): the form replaces all of them. */
export async function saveLimits(slug: string, apiKeyId: string | null, _prev: FormState, formData: FormData): Promise<FormState> {
  const principal = await getCurrentUser();
  const input: Record<string, string> = {};
  for (const field of LIMIT_FIELDS) input[field] = formString(formData, field);
  if (apiKeyId) input.apiKeyId = apiKeyId;
  const result = await runWorkspaceAction("limits.set", principal, slug, input);
  if (!result.ok) return result;
  revalidatePath(apiKeyId ? `/w/${slug}/keys/${apiKeyId}/limits` : `/w/${slug}/settings`);
  revalidatePath(`/w/${slug}/keys`);
  return { ok: true, data: null };
}
