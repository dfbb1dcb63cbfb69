import type { ReactNode } from "react";
import { StepUpProvider } from "@/components/console/step-up-context";
import { confirmIdentityAction } from "./confirm-identity-action";

/** Every console page (workspaces and the operator area) can show the step-up prompt. */
export default function ConsoleGroupLayout({ children }: { children: ReactNode }) {
  return <StepUpProvider confirm={confirmIdentityAction}>{children}</StepUpProvider>;
}
