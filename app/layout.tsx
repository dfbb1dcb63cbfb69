import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import { ThemeProvider } from "next-themes";
import { NONCE_HEADER } from "@/lib/http/security-headers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Auriko — the LLM gateway security teams trust", template: "%s · Auriko" },
  description:
    "Self-hostable LLM inference gateway: bring your own provider keys, workspace API keys, zero data retention, TOTP MFA.",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#020618" },
  ],
};

/*
 * Pages render their own landmarks (header, main#main-content, footer) as direct children of
 * <body>: public pages use SiteHeader/SiteFooter, console pages ConsoleShell. The body is a
 * column so footers sit at the bottom of short pages; a page's <main> takes `flex-1`.
 *
 * next-themes injects a small inline script that sets the theme class before paint (no flash).
 * The Content-Security-Policy (proxy.ts) lets it run with this request's nonce. Reading the
 * request headers also makes every page render per request, which a nonce needs.
 */
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <body className="flex min-h-screen flex-col bg-white text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <ThemeProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange nonce={nonce}>
          {children}
        </ThemeProvider>
      </body>
    </html>
  );
}
