"use client";

import { useFormStatus } from "react-dom";
import { Button, type ButtonProps } from "./button";

export type SubmitButtonProps = Omit<ButtonProps, "type" | "loading">;

/** type="submit" button that shows a spinner while its enclosing <form action={…}> is pending. */
export function SubmitButton({ loadingLabel = "Submitting…", ...rest }: SubmitButtonProps) {
  const { pending } = useFormStatus();
  return <Button type="submit" loading={pending} loadingLabel={loadingLabel} {...rest} />;
}
