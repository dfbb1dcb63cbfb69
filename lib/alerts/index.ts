import "server-only";

/**
 * Alerts: destinations (signed webhooks, e-mail to Owners and Admins), the checked
 * kinds evaluated by the worker, and notifyBudgetThreshold for the budgets domain.
 */
export { notifyBudgetThreshold, type BudgetThresholdInput, type BudgetThresholdResult } from "./budget";
export { addEmailDestination, addWebhookDestination, listAlertSettings, removeAlertDestination, EMAIL_DESTINATION_NAME } from "./destinations";
export { runAlertsOnce, startAlertWorker, type AlertRun } from "./worker";
export { evaluateWorkspace } from "./evaluate";
export { deliverDue } from "./deliver";
export { signPayload, verifySignature, SIGNATURE_HEADER, TIMESTAMP_HEADER, SIGNATURE_TOLERANCE_SECONDS } from "./signature";
export { checkWebhookUrl, isInternalAddress, TargetRefused } from "./target";
export { ALERT_EMAIL_KIND } from "./fire";
export * from "./rules";
