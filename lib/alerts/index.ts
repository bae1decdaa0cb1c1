export { ALERT_KINDS, toAlertRuleDto, type AlertKind, type AlertRuleDto } from "./alert-rule-dto";
export { createAlertRule } from "./create-alert-rule";
export { listAlertRules } from "./list-alert-rules";
export { updateAlertRule } from "./update-alert-rule";
export { deleteAlertRule } from "./delete-alert-rule";
export { listAlerts, listNotifications, type AlertDto, type NotificationDto } from "./list-alerts";
export { getMailSettings, setMailSettings, type MailSettingsDto } from "./mail-settings";
export { evaluateRules, type Observation, type OpenAlert, type Transition } from "./evaluate-rules";
export { signWebhook } from "./deliver";
