"use client";

import { useActionState } from "react";
import { FormAlert } from "@/components/console/form-alert";
import { FormField, SubmitButton, Textarea } from "@/components/ui";
import { fieldError, type FormState } from "@/lib/console/form-state";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

/** The form's values as text (an empty field is "no limit"). */
export type LimitsValues = {
  spendUsdPerDay: string;
  spendUsdPerMonth: string;
  tokensPerDay: string;
  tokensPerMonth: string;
  requestsPerMinute: string;
  tokensPerMinute: string;
  allowedModels: string;
};

const FIELDS = ["spendUsdPerDay", "spendUsdPerMonth", "tokensPerDay", "tokensPerMonth", "requestsPerMinute", "tokensPerMinute", "allowedModels"];

/**
 * Spend, token and rate limits and the allowed models of a workspace or one API key.
 * Every field is optional; saving replaces all of them. `idPrefix` keeps ids unique when
 * two forms share a page.
 */
export function LimitsForm({ action, values, idPrefix, submitLabel }: { action: Action; values: LimitsValues; idPrefix: string; submitLabel: string }) {
  const [state, formAction] = useActionState(action, null);
  const key = JSON.stringify(values);
  const number = (name: keyof LimitsValues, label: string, hint: string, step: string) => (
    <FormField
      id={`${idPrefix}-${name}`}
      name={name}
      label={label}
      hint={hint}
      type="number"
      inputMode="decimal"
      min="0"
      step={step}
      defaultValue={values[name]}
      key={`${name}-${key}`}
      error={fieldError(state, name)}
    />
  );
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <FormAlert state={state} fields={FIELDS} success="Limits saved. Every gateway instance applies them within 5 seconds." />
      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold text-slate-900 dark:text-white">Spend (USD, from the price table)</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          {number("spendUsdPerDay", "Per day (UTC)", "Empty: no daily cap.", "0.01")}
          {number("spendUsdPerMonth", "Per month (UTC)", "Empty: no monthly cap.", "0.01")}
        </div>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Models without a price cost nothing against these caps: pair a spend cap with an allowed-models list.
        </p>
      </fieldset>
      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold text-slate-900 dark:text-white">Tokens</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          {number("tokensPerDay", "Per day (UTC)", "Prompt and completion tokens.", "1")}
          {number("tokensPerMonth", "Per month (UTC)", "Prompt and completion tokens.", "1")}
        </div>
      </fieldset>
      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold text-slate-900 dark:text-white">Rate</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          {number("requestsPerMinute", "Requests per minute", "Over it: HTTP 429 with Retry-After.", "1")}
          {number("tokensPerMinute", "Tokens per minute", "Reserved per request: its prompt plus max_tokens.", "1")}
        </div>
      </fieldset>
      <FormField
        id={`${idPrefix}-allowedModels`}
        name="allowedModels"
        label="Allowed models"
        hint="One per line: provider/model, or provider/* for all of a provider's models. Empty: every model."
        error={fieldError(state, "allowedModels")}
      >
        {(p) => (
          <Textarea {...p} defaultValue={values.allowedModels} key={`models-${key}`} rows={3} spellCheck={false} autoCapitalize="none" className="font-mono text-sm" />
        )}
      </FormField>
      <SubmitButton loadingLabel="Saving…">{submitLabel}</SubmitButton>
    </form>
  );
}
