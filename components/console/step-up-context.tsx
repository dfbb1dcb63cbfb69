"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { FormState } from "@/lib/console/form-state";

/** The server action that answers the step-up prompt (account.confirmIdentity). */
export type ConfirmIdentityAction = (state: FormState<null>, formData: FormData) => Promise<FormState<null>>;

const StepUpContext = createContext<ConfirmIdentityAction | null>(null);

/**
 * Hands the console's step-up prompt its server action. The console layout (a server
 * component) passes it in, so client modules never import server code to reach it.
 */
export function StepUpProvider({ confirm, children }: { confirm: ConfirmIdentityAction; children: ReactNode }) {
  return <StepUpContext.Provider value={confirm}>{children}</StepUpContext.Provider>;
}

export function useConfirmIdentityAction(): ConfirmIdentityAction {
  const action = useContext(StepUpContext);
  if (!action) throw new Error("The step-up prompt needs a <StepUpProvider> around the console.");
  return action;
}
