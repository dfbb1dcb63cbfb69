"use client";

import { FormAlert } from "@/components/console/form-alert";
import { useStickyForm } from "@/components/console/use-sticky-form";
import { Button, FormField, Textarea } from "@/components/ui";
import { fieldError, type FormState } from "@/lib/console/form-state";
import type { SentNotices } from "../../actions";

type Workspace = { id: string; slug: string; name: string };

export function SecurityDetailsForm({
  action,
  workspaces,
  defaults,
  confirmed,
}: {
  action: (s: FormState<null>, f: FormData) => Promise<FormState<null>>;
  workspaces: Workspace[];
  defaults: { workspaceIds: string[]; scope: string; impact: string; remediation: string };
  confirmed: boolean;
}) {
  const { state, pending, retry, formProps } = useStickyForm(action, { resetOnSuccess: false });
  const chosen = new Set(defaults.workspaceIds);
  return (
    <form {...formProps} className="space-y-5">
      <FormAlert retry={retry} state={state} fields={["workspaceIds", "scope", "impact", "remediation"]} success="Security details saved." />
      <fieldset className="space-y-2" aria-describedby="workspaces-hint">
        <legend className="text-sm font-medium text-slate-900 dark:text-slate-100">Affected workspaces</legend>
        <p id="workspaces-hint" className="text-sm text-slate-600 dark:text-slate-400">
          {confirmed ? "You can add workspaces; those already listed stay (they may have been told)." : "Every Owner and Admin of these workspaces will be notified."}
        </p>
        {fieldError(state, "workspaceIds") ? <p className="text-sm font-medium text-red-700 dark:text-red-300">{fieldError(state, "workspaceIds")}</p> : null}
        <div className="max-h-64 space-y-1 overflow-y-auto rounded-md border border-slate-200 p-3 dark:border-slate-700">
          {workspaces.length === 0 ? <p className="text-sm text-slate-600 dark:text-slate-400">There are no workspaces.</p> : null}
          {workspaces.map((w) => (
            <div key={w.id} className="flex items-center gap-2">
              <input type="checkbox" id={`ws-${w.id}`} name="workspaceIds" value={w.id} defaultChecked={chosen.has(w.id)} className="size-4" />
              <label htmlFor={`ws-${w.id}`} className="text-sm text-slate-800 dark:text-slate-200">
                {w.name} <span className="text-slate-600 dark:text-slate-400">({w.slug})</span>
              </label>
            </div>
          ))}
        </div>
      </fieldset>
      {(
        [
          ["scope", "Scope", "What happened, when, and which data or systems were involved."],
          ["impact", "Impact", "What it means for the customer."],
          ["remediation", "Remediation", "What the customer should do, and what we have done."],
        ] as const
      ).map(([name, label, hint]) => (
        <FormField key={name} label={label} id={`security-${name}`} name={name} hint={hint} error={fieldError(state, name)}>
          {(p) => <Textarea {...p} rows={4} maxLength={4000} defaultValue={defaults[name]} />}
        </FormField>
      ))}
      <Button type="submit" variant="secondary" loading={pending} loadingLabel="Saving…">
        Save security details
      </Button>
    </form>
  );
}

function PasswordField({ id, error }: { id: string; error?: string }) {
  return (
    <FormField
      label="Confirm with your password"
      id={id}
      name="password"
      type="password"
      autoComplete="current-password"
      hint="Needed unless you confirmed it in the last 5 minutes."
      error={error}
    />
  );
}

export function ConfirmSecurityForm({ action }: { action: (s: FormState<null>, f: FormData) => Promise<FormState<null>> }) {
  const { state, pending, retry, formProps } = useStickyForm(action);
  return (
    <form {...formProps} className="space-y-4">
      <FormAlert retry={retry} state={state} fields={["password"]} />
      <PasswordField id="confirm-password" error={fieldError(state, "password")} />
      <Button type="submit" variant="danger" loading={pending} loadingLabel="Confirming…">
        Confirm security incident
      </Button>
    </form>
  );
}

export function SendNoticesForm({ action }: { action: (s: FormState<SentNotices>, f: FormData) => Promise<FormState<SentNotices>> }) {
  const { state, pending, retry, formProps } = useStickyForm(action);
  const sent = state?.ok ? state.data : undefined;
  return (
    <form {...formProps} className="space-y-4">
      <FormAlert
        retry={retry}
        state={state}
        fields={["password"]}
        success={sent ? (sent.recipients === 0 ? "Everyone was already notified: nothing new to send." : `Notified ${sent.recipients} Owners and Admins.`) : undefined}
      />
      <PasswordField id="send-password" error={fieldError(state, "password")} />
      <Button type="submit" loading={pending} loadingLabel="Sending notices…">
        Send notifications
      </Button>
    </form>
  );
}
