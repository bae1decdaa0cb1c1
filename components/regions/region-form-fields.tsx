// The fields of the region create and edit forms (platform admins). The password field is always
// empty: the stored one is never sent to the browser (on edit, empty keeps it). The inputs are named
// flat (app/_lib/region-form.ts builds the API's `registry` object); the server's errors name the
// body paths (`registry.url`, …), so each field lists the paths it shows (errorKeys).
import { useTranslations } from "next-intl";
import { CheckboxField, TextField } from "@/components/ui";
import type { RegionDto } from "@/lib/regions";

export function RegionFormFields({ region }: { region?: RegionDto }) {
  const t = useTranslations("regions.page");
  const embedded = region?.isDefault === true;
  return (
    <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
      {!region && <TextField label={t("name")} name="name" required autoComplete="off" spellCheck={false} hint={t("nameHint")} />}
      <TextField label={t("displayName")} name="displayName" required defaultValue={region?.displayName} autoComplete="off" hint={t("displayNameHint")} />
      {embedded ? (
        <p className="col-span-full text-sm text-zinc-600">{t("defaultRegistryNote")}</p>
      ) : (
        <>
          <TextField
            label={t("registryUrl")}
            name="registryUrl"
            type="url"
            required
            defaultValue={region?.registry?.url ?? undefined}
            placeholder="http://10.20.0.5:5000"
            autoComplete="off"
            spellCheck={false}
            hint={t("registryUrlHint")}
            errorKeys={["registry.url", "registry"]}
            fieldClassName="col-span-full"
          />
          <TextField
            label={t("registryUsername")}
            name="registryUsername"
            defaultValue={region?.registry?.username ?? undefined}
            autoComplete="off"
            spellCheck={false}
            hint={t("registryUsernameHint")}
            errorKeys={["registry.username"]}
          />
          <TextField
            label={t("registryPassword")}
            name="registryPassword"
            type="password"
            autoComplete="new-password"
            hint={region?.registry?.hasPassword ? t("registryPasswordKeep") : t("registryPasswordHint")}
            errorKeys={["registry.password"]}
          />
          {region?.registry?.hasPassword && <CheckboxField label={t("clearCredentials")} name="clearCredentials" value="1" />}
        </>
      )}
    </div>
  );
}
