"use client";

import { useActionState, useRef, useState } from "react";
import { Button, TableCell, TableRow } from "@/components/ui";
import type { FormState } from "@/lib/console/form-state";
import type { CredentialTestResult } from "@/lib/providers/test-credential";
import type { SavedKey } from "./actions";
import { DeletePanel, ReplacePanel } from "./credential-panels";

type Action<T> = (state: FormState<T>, formData: FormData) => Promise<FormState<T>>;

export type CredentialView = {
  id: string;
  providerName: string;
  label: string;
  last4: string;
  added: { iso: string; date: string; by: string | null };
  replaced: { iso: string; date: string; by: string | null } | null;
};

export type CredentialActions = {
  test: Action<CredentialTestResult>;
  replace: Action<SavedKey>;
  remove: Action<null>;
};

type Notice = { tone: "ok" | "fail"; text: string };

function When({ at }: { at: { iso: string; date: string; by: string | null } }) {
  return (
    <>
      <time dateTime={at.iso} className="whitespace-nowrap">
        {at.date}
      </time>
      {at.by ? <span className="block text-xs text-slate-600 dark:text-slate-400">by {at.by}</span> : null}
    </>
  );
}

/** One credential: its masked row and, for managers, Test / Replace / Delete with an inline panel row. */
export function CredentialRow({ cred, actions }: { cred: CredentialView; actions?: CredentialActions }) {
  const [open, setOpen] = useState<"replace" | "delete" | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const replaceRef = useRef<HTMLButtonElement>(null);
  const deleteRef = useRef<HTMLButtonElement>(null);
  const name = `${cred.providerName}${cred.label ? ` (${cred.label})` : ""} key …${cred.last4}`;
  const panelId = `credential-panel-${cred.id}`;

  const [, testAction, testing] = useActionState<FormState<CredentialTestResult>, FormData>(async (prev, formData) => {
    setNotice(null);
    const result = await actions!.test(prev, formData);
    if (!result) return result;
    if (!result.ok) setNotice({ tone: "fail", text: result.error.message });
    else if (result.data.ok) setNotice({ tone: "ok", text: "Key works" });
    else setNotice({ tone: "fail", text: `Test failed: ${result.data.reason}` });
    return result;
  }, null);

  function close() {
    const back = open === "delete" ? deleteRef : replaceRef;
    setOpen(null);
    requestAnimationFrame(() => back.current?.focus());
  }

  function toggle(which: "replace" | "delete") {
    setNotice(null);
    setOpen(open === which ? null : which);
  }

  const columns = actions ? 6 : 5;

  return (
    <>
      <TableRow>
        <TableCell className="font-medium whitespace-nowrap text-slate-900 dark:text-white">{cred.providerName}</TableCell>
        <TableCell>{cred.label || <span className="text-slate-600 dark:text-slate-400">No label</span>}</TableCell>
        <TableCell>
          <code className="font-mono whitespace-nowrap text-slate-900 dark:text-slate-100">
            <span aria-hidden="true">…</span>
            <span className="sr-only">ending in </span>
            {cred.last4}
          </code>
        </TableCell>
        <TableCell>
          <When at={cred.added} />
        </TableCell>
        <TableCell>{cred.replaced ? <When at={cred.replaced} /> : "Never"}</TableCell>
        {actions ? (
          <TableCell>
            <div className="flex flex-wrap justify-end gap-2">
              <form action={testAction}>
                <input type="hidden" name="credentialId" value={cred.id} />
                <Button type="submit" variant="secondary" size="sm" loading={testing} loadingLabel="Testing…">
                  Test<span className="sr-only"> {name}</span>
                </Button>
              </form>
              <Button
                ref={replaceRef}
                variant="secondary"
                size="sm"
                aria-expanded={open === "replace"}
                aria-controls={open === "replace" ? panelId : undefined}
                onClick={() => toggle("replace")}
              >
                Replace<span className="sr-only"> {name}</span>
              </Button>
              <Button
                ref={deleteRef}
                variant="secondary"
                size="sm"
                aria-expanded={open === "delete"}
                aria-controls={open === "delete" ? panelId : undefined}
                onClick={() => toggle("delete")}
              >
                Delete<span className="sr-only"> {name}</span>
              </Button>
            </div>
            <p
              role="status"
              className={
                notice?.tone === "fail"
                  ? "mt-2 text-right text-sm font-medium text-red-700 dark:text-red-300"
                  : "mt-2 text-right text-sm font-medium text-emerald-800 dark:text-emerald-300"
              }
            >
              {notice ? (
                <>
                  <span className="sr-only">{name}: </span>
                  {notice.text}
                </>
              ) : null}
            </p>
          </TableCell>
        ) : null}
      </TableRow>
      {actions && open ? (
        <TableRow>
          <TableCell colSpan={columns} className="bg-slate-50 dark:bg-slate-900">
            <div id={panelId}>
              {open === "replace" ? (
                <ReplacePanel
                  credentialId={cred.id}
                  name={name}
                  action={async (prev, formData) => {
                    const result = await actions.replace(prev, formData);
                    if (result?.ok) {
                      setNotice({ tone: "ok", text: `Key replaced: now …${result.data.last4}` });
                      close();
                    }
                    return result;
                  }}
                  onCancel={close}
                />
              ) : (
                <DeletePanel credentialId={cred.id} name={name} action={actions.remove} onCancel={close} />
              )}
            </div>
          </TableCell>
        </TableRow>
      ) : null}
    </>
  );
}
