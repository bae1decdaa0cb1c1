export { getPlatformSettings } from "./get-settings";
export { updatePlatformSettings } from "./update-settings";
export { readPlatformSettings, DEFAULT_SETTINGS, type PlatformSettings, type PlatformSettingsDto } from "./platform-settings";
