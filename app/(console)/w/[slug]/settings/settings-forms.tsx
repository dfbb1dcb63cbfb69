"use client";

import Link from "next/link";
import { useActionState, useState } from "react";
import { FormAlert } from "@/components/console/form-alert";
import { useStickyForm } from "@/components/console/use-sticky-form";
import { WorkspaceNameField } from "@/components/console/workspace-name-field";
import { Alert, Button, FormField, Input, RoleBadge, SubmitButton, Textarea, type WorkspaceRole } from "@/components/ui";
import { fieldError, type FormState } from "@/lib/console/form-state";
import { MFA_POLICY_OPTIONS, mfaPolicyCoversRole, mfaPolicyLabel, type MfaPolicyValue } from "@/lib/console/mfa-view";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

export function RenameWorkspaceForm({ action, name }: { action: Action; name: string }) {
  const [state, formAction] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormAlert state={state} fields={["name"]} success="Workspace renamed." />
      <WorkspaceNameField defaultValue={name} key={name} error={fieldError(state, "name")} />
      <SubmitButton loadingLabel="Saving…">Save name</SubmitButton>
    </form>
  );
}

/** Browser origins allowed to use this workspace's API keys (CORS), one per line. */
export function CorsOriginsForm({ action, origins }: { action: Action; origins: string[] }) {
  const [state, formAction] = useActionState(action, null);
  const current = origins.join("\n");
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormAlert state={state} fields={["origins"]} success="Allowed origins saved." />
      <FormField
        label="Allowed origins"
        name="origins"
        hint="One per line, like https://app.example.com. http:// only for localhost. Leave empty to refuse all browser requests."
        error={fieldError(state, "origins")}
      >
        {(p) => <Textarea {...p} defaultValue={current} key={current} rows={4} spellCheck={false} autoCapitalize="none" className="font-mono text-sm" />}
      </FormField>
      <SubmitButton loadingLabel="Saving…">Save origins</SubmitButton>
    </form>
  );
}

export function DeleteWorkspaceForm({ action, slug }: { action: Action; slug: string }) {
  const { state, pending, retry, formProps } = useStickyForm(action);
  return (
    <form {...formProps} className="space-y-4">
      <FormAlert state={state} fields={["confirmSlug"]} retry={retry} />
      <FormField
        label={
          <>
            Type <code className="rounded bg-slate-100 px-1 font-mono dark:bg-slate-800">{slug}</code> to confirm
          </>
        }
        name="confirmSlug"
        error={fieldError(state, "confirmSlug")}
      >
        {(p) => <Input {...p} required autoComplete="off" autoCapitalize="none" spellCheck={false} />}
      </FormField>
      <Button type="submit" variant="danger" loading={pending} loadingLabel="Deleting workspace…">
        Delete this workspace
      </Button>
    </form>
  );
}

/**
 * The workspace's two-factor authentication policy (Owners only). Sticky (useStickyForm)
 * so a refused choice stays selected next to its error, and a step-up confirmation can
 * send the same choice again.
 */
/** A member without two-factor authentication (workspace.mfaCompliance). */
export type MemberWithoutMfa = { membershipId: string; role: WorkspaceRole; email: string; name: string | null; you: boolean };

/**
 * Before a stricter policy is saved: who it covers that has no two-factor authentication
 * yet, by name and address, and what happens to them. Follows the selected option.
 */
function PolicyImpact({ policy, current, members }: { policy: MfaPolicyValue; current: MfaPolicyValue; members: MemberWithoutMfa[] }) {
  if (policy === "OFF") return null;
  const affected = members.filter((m) => mfaPolicyCoversRole(policy, m.role));
  const label = mfaPolicyLabel(policy).toLowerCase();
  if (affected.length === 0) {
    return (
      <Alert variant="success" role="none" title={`Everyone it covers already uses two-factor authentication`}>
        {policy === current ? "The policy is in force; nobody is waiting to set it up." : `Requiring it for ${label} locks nobody out.`}
      </Alert>
    );
  }
  return (
    <Alert
      variant="warning"
      role="none"
      title={`${affected.length} ${affected.length === 1 ? "member" : "members"} covered by this policy ${affected.length === 1 ? "doesn't" : "don't"} use two-factor authentication yet`}
    >
      <ul aria-label="Members without two-factor authentication" className="mt-2 space-y-1">
        {affected.map((m) => (
          <li key={m.membershipId} className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <span className="font-medium">{m.name ?? m.email}</span>
            {m.name ? <span className="break-all">{m.email}</span> : null}
            <RoleBadge role={m.role} />
            {m.you ? <span>(you)</span> : null}
          </li>
        ))}
      </ul>
      <p className="mt-3">
        {policy === current ? "Under this policy they" : "Once you save, they"} can&apos;t open this workspace in the console:
        each is sent to set up two-factor authentication the next time they open it, and carries on as soon as it&apos;s on.
        Nobody is signed out or removed, and their API keys keep working.
      </p>
    </Alert>
  );
}

export function MfaPolicyForm({
  action,
  current,
  ownMfa,
  membersWithoutMfa,
}: {
  action: Action;
  current: MfaPolicyValue;
  ownMfa: boolean;
  membersWithoutMfa: MemberWithoutMfa[];
}) {
  const { state, pending, retry, formProps } = useStickyForm(action, { resetOnSuccess: false });
  const [selected, setSelected] = useState<MfaPolicyValue>(current);
  const error = fieldError(state, "policy");

  return (
    <form {...formProps} className="space-y-4">
      <FormAlert state={state} fields={["policy"]} success="Security policy saved." retry={retry} />
      <fieldset aria-describedby={["policy-hint", error ? "policy-error" : ""].filter(Boolean).join(" ")}>
        <legend className="text-sm font-medium text-slate-900 dark:text-slate-100">Require two-factor authentication for</legend>
        <div className="mt-3 space-y-3">
          {MFA_POLICY_OPTIONS.map((o) => (
            <div key={o.value} className="flex gap-3">
              <input
                type="radio"
                id={`policy-${o.value}`}
                name="policy"
                value={o.value}
                defaultChecked={o.value === current}
                onChange={() => setSelected(o.value)}
                aria-describedby={`policy-${o.value}-description`}
                className="mt-0.5 size-4 shrink-0 accent-brand-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 dark:accent-brand-400 dark:focus-visible:outline-brand-300"
              />
              <div className="text-sm">
                <label htmlFor={`policy-${o.value}`} className="font-medium text-slate-900 dark:text-slate-100">
                  {o.label}
                </label>
                <p id={`policy-${o.value}-description`} className="text-slate-600 dark:text-slate-400">
                  {o.description}
                </p>
              </div>
            </div>
          ))}
        </div>
        <p id="policy-hint" className="mt-3 text-sm text-slate-600 dark:text-slate-400">
          Members the policy covers who haven&apos;t turned it on are sent to set it up the next time they open this workspace.
          {ownMfa ? null : " Turn it on for your own account before you require it."}
        </p>
        {error ? (
          <p id="policy-error" className="mt-2 text-sm font-medium text-red-700 dark:text-red-300">
            {error}{" "}
            {ownMfa ? null : (
              <Link href="/account/security" className="underline underline-offset-2">
                Set up two-factor authentication
              </Link>
            )}
          </p>
        ) : null}
      </fieldset>
      <div aria-live="polite">
        <PolicyImpact policy={selected} current={current} members={membersWithoutMfa} />
      </div>
      <Button type="submit" loading={pending} loadingLabel="Saving…">
        Save policy
      </Button>
    </form>
  );
}
