export { LOG_DRIVERS, engineLogDriver, parseLoggingTarget, type LoggingTarget, type LoggingTargetDto, type ServiceLogDriver } from "./logging-target";
export { getEnvironmentLogging, setEnvironmentLogging, clearEnvironmentLogging, environmentLogDriver } from "./environment-logging";
export { parsePortalLogTarget, syslogLine, syslogSink, teeConsole, startAuditForwarder } from "./portal-log-forwarder";
