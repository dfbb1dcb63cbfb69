import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { FocusLayout } from "@/components/focus-layout";
import { Card, CardBody } from "@/components/ui";
import { getCurrentUser } from "@/lib/auth/current-user";
import { firstParam, safeCallbackUrl } from "@/lib/console/safe-redirect";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(firstParam(params.callbackUrl));
  if (await getCurrentUser()) redirect(callbackUrl ?? "/w");

  const retryAfter = Number.parseInt(firstParam(params.retryAfter) ?? "", 10);
  const signupHref = callbackUrl ? `/signup?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/signup";

  return (
    <FocusLayout>
      <div className="mb-8 text-center">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900 dark:text-white">Sign in to Auriko</h1>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">Welcome back. Use the email and password of your account.</p>
      </div>
      <Card as="div">
        <CardBody className="py-6!">
          <LoginForm
            callbackUrl={callbackUrl}
            initialError={firstParam(params.error)}
            initialRetryAfter={Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined}
            reason={firstParam(params.reason)}
          />
        </CardBody>
      </Card>
      <p className="mt-6 text-center text-sm text-slate-600 dark:text-slate-400">
        New to Auriko?{" "}
        <Link href={signupHref} className="font-medium text-brand-700 underline-offset-4 hover:underline dark:text-brand-300">
          Create an account
        </Link>
      </p>
    </FocusLayout>
  );
}
