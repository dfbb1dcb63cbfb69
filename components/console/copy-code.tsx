"use client";

import { useState } from "react";
import { CodeBlock } from "../code-block";
import { Button } from "../ui/button";

/** A code sample with a Copy button (the text stays selectable where the clipboard is refused). */
export function CopyCode({ code, label, title }: { code: string; label: string; title: string }) {
  const [status, setStatus] = useState<"idle" | "copied" | "failed">("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(code);
      setStatus("copied");
    } catch {
      setStatus("failed");
    }
  }
  return (
    <div className="space-y-2">
      <CodeBlock code={code} label={label} title={title} />
      <div className="flex items-center gap-3">
        <Button variant="secondary" size="sm" onClick={copy}>
          {status === "copied" ? "Copied" : "Copy"}
          <span className="sr-only"> {title}</span>
        </Button>
        <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
          {status === "failed" ? "Couldn't copy automatically: select the code and copy it yourself." : ""}
        </p>
      </div>
    </div>
  );
}
