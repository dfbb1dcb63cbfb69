import type { Metadata } from "next";
import Link from "next/link";
import { FocusLayout } from "@/components/focus-layout";
import { Card, CardBody } from "@/components/ui";
import { RESET_TOKEN_TTL_MINUTES } from "@/lib/auth/password-reset";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Reset your password" };

export default function ForgotPasswordPage() {
  return (
    <FocusLayout>
      <div className="mb-8 text-center">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900 dark:text-white">Reset your password</h1>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
          Enter the email of your account. We&apos;ll send a link that lets you choose a new password; it works once, for{" "}
          {RESET_TOKEN_TTL_MINUTES} minutes.
        </p>
      </div>
      <Card as="div">
        <CardBody className="py-6!">
          <ForgotPasswordForm />
        </CardBody>
      </Card>
      <p className="mt-6 text-center text-sm text-slate-600 dark:text-slate-400">
        Remembered it?{" "}
        <Link href="/login" className="font-medium text-brand-700 underline-offset-4 hover:underline dark:text-brand-300">
          Back to sign in
        </Link>
      </p>
    </FocusLayout>
  );
}
