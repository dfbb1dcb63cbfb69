"use client";

import { useRef, useState } from "react";
import { Button } from "../ui/button";
import { Input } from "../ui/input";
import { Label } from "../ui/label";

export type CopyFieldProps = {
  id: string;
  label: string;
  value: string;
  hint?: string;
};

/** A read-only value (an invitation link) with a Copy button; selecting the text works as a fallback. */
export function CopyField({ id, label, value, hint }: CopyFieldProps) {
  const [status, setStatus] = useState<"idle" | "copied" | "failed">("idle");
  const inputRef = useRef<HTMLInputElement>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setStatus("copied");
    } catch {
      // Clipboard access can be refused (insecure origin, permissions): select the text instead.
      inputRef.current?.select();
      setStatus("failed");
    }
  }

  return (
    <div className="space-y-1.5">
      <Label htmlFor={id}>{label}</Label>
      <div className="flex gap-2">
        <Input
          ref={inputRef}
          id={id}
          readOnly
          value={value}
          onFocus={(e) => e.currentTarget.select()}
          aria-describedby={hint ? `${id}-hint` : undefined}
          className="font-mono text-xs!"
        />
        <Button variant="secondary" onClick={copy}>
          {status === "copied" ? "Copied" : "Copy"}
          <span className="sr-only"> {label.toLowerCase()}</span>
        </Button>
      </div>
      {hint ? (
        <p id={`${id}-hint`} className="text-sm text-slate-600 dark:text-slate-400">
          {hint}
        </p>
      ) : null}
      <p role="status" className="sr-only">
        {status === "copied" ? "Copied to the clipboard." : status === "failed" ? "Couldn't copy: the link is selected, press Ctrl+C or Cmd+C." : ""}
      </p>
      {status === "failed" ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">Couldn&apos;t copy automatically. The link is selected: copy it yourself.</p>
      ) : null}
    </div>
  );
}
