"use server";

import { revalidatePath } from "next/cache";
import { runWorkspaceAction, type WorkspaceActionName } from "@/lib/actions/registry";
import { getCurrentUser } from "@/lib/auth/current-user";
import { formString, type FormState } from "@/lib/console/form-state";
import type { ActionResult } from "@/lib/errors";
import type { CredentialTestResult } from "@/lib/providers/test-credential";

/**
 * Provider key actions. The workspace comes from the bound slug (the URL). A submitted
 * key goes to the action and nowhere else: results carry only what the UI shows
 * (the last four characters), never the key.
 */
export type SavedKey = { last4: string };

/** Only the fields a form actually filled in: empty optional fields are left out. */
function present(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== ""));
}

async function run<N extends WorkspaceActionName>(name: N, slug: string, input: Record<string, string>, refresh = true) {
  const principal = await getCurrentUser();
  const result = await runWorkspaceAction(name, principal, slug, input);
  if (result.ok && refresh) revalidatePath(`/w/${slug}/providers`);
  return result;
}

/** Picks the last four characters out of the stored credential, so nothing else of it reaches the browser. */
function saved(result: ActionResult<{ last4: string }>): FormState<SavedKey> {
  if (!result.ok) return result;
  return { ok: true, data: { last4: result.data.last4 } };
}

export async function addProviderKey(slug: string, _prev: FormState<SavedKey>, formData: FormData): Promise<FormState<SavedKey>> {
  const input = {
    provider: formString(formData, "provider"),
    key: formString(formData, "key"),
    ...present({ label: formString(formData, "label"), password: formString(formData, "password") }),
  };
  return saved(await run("providers.add", slug, input));
}

export async function replaceProviderKey(slug: string, _prev: FormState<SavedKey>, formData: FormData): Promise<FormState<SavedKey>> {
  const input = {
    credentialId: formString(formData, "credentialId"),
    key: formString(formData, "key"),
    ...present({ password: formString(formData, "password") }),
  };
  return saved(await run("providers.replace", slug, input));
}

export async function deleteProviderKey(slug: string, _prev: FormState<null>, formData: FormData): Promise<FormState<null>> {
  const input = { credentialId: formString(formData, "credentialId"), ...present({ password: formString(formData, "password") }) };
  const result = await run("providers.delete", slug, input);
  return result.ok ? { ok: true, data: null } : result;
}

export async function testProviderKey(
  slug: string,
  _prev: FormState<CredentialTestResult>,
  formData: FormData,
): Promise<FormState<CredentialTestResult>> {
  const result = await run("providers.test", slug, { credentialId: formString(formData, "credentialId") }, false);
  if (!result.ok) return result;
  const r = result.data;
  return { ok: true, data: r.ok ? { ok: true, status: r.status } : { ok: false, status: r.status, reason: r.reason } };
}
