// The fields of the environment create and edit forms (flat names; app/_lib/environment-form.ts
// nests them for the use-case). On create, empty fields keep the platform defaults, shown as
// placeholders.
import type { EnvironmentDto } from "@/lib/environments";
import type { RegionDto } from "@/lib/regions";
import { useTranslations } from "next-intl";
import { SelectField, TextField, TextareaField } from "@/components/ui";

/** `regions`: the create form's region select (issue 17); the default region comes first and is preselected. */
export function EnvironmentFields({ env, regions, showBindAllowList = false }: { env?: EnvironmentDto; regions?: RegionDto[]; showBindAllowList?: boolean }) {
  const t = useTranslations("environmentFields");
  const tr = useTranslations("regions.environmentField");
  return (
    <div className="space-y-4">
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <TextField label={t("name")} name="name" required defaultValue={env?.name} autoComplete="off" spellCheck={false} hint={t("nameHint")} />
        <TextareaField label={t("description")} name="description" rows={2} defaultValue={env?.description} hint={t("optional")} />
        {regions && regions.length > 0 && (
          <SelectField label={tr("region")} name="regionId" defaultValue={env?.region.id ?? regions.find((r) => r.isDefault)?.id} hint={tr("regionHint")}>
            {regions.map((r) => (
              <option key={r.id} value={r.id}>
                {r.isDefault ? tr("defaultRegion", { name: r.displayName }) : r.displayName}
              </option>
            ))}
          </SelectField>
        )}
      </div>
      <fieldset className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold text-zinc-900">{t("publishedPorts")}</legend>
        <TextField
          label={t("portFrom")}
          name="portFrom"
          type="number"
          inputMode="numeric"
          min={1024}
          max={65535}
          defaultValue={env?.portRange.from}
          placeholder="30000"
          errorKeys={["portRange.from"]}
        />
        <TextField
          label={t("portTo")}
          name="portTo"
          type="number"
          inputMode="numeric"
          min={1024}
          max={65535}
          defaultValue={env?.portRange.to}
          placeholder="32767"
          errorKeys={["portRange.to", "portRange"]}
          hint={t("portHint")}
        />
        <SelectField label={t("publishMode")} name="publishMode" defaultValue={env?.publishMode ?? ""} hint={t("publishModeHint")}>
          {!env && <option value="">{t("defaultValue", { value: "host" })}</option>}
          <option value="host">host</option>
          <option value="ingress">ingress</option>
        </SelectField>
        <SelectField label={t("endpointMode")} name="endpointMode" defaultValue={env?.endpointMode ?? ""} hint={t("endpointModeHint")}>
          {!env && <option value="">{t("defaultValue", { value: "dnsrr" })}</option>}
          <option value="dnsrr">dnsrr</option>
          <option value="vip">vip</option>
        </SelectField>
      </fieldset>
      <fieldset className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold text-zinc-900">{t("defaults")}</legend>
        <TextField
          label={t("cpus")}
          name="cpus"
          type="number"
          step="0.01"
          min={0.01}
          max={64}
          defaultValue={env?.defaults.cpus}
          placeholder="0.5"
          errorKeys={["defaults.cpus", "defaults"]}
        />
        <TextField
          label={t("memoryMb")}
          name="memoryMb"
          type="number"
          min={4}
          defaultValue={env?.defaults.memoryMb}
          placeholder="256"
          errorKeys={["defaults.memoryMb"]}
        />
      </fieldset>
      {showBindAllowList && (
        <TextareaField
          label={t("bindAllowList")}
          name="bindAllowList"
          rows={3}
          className="font-mono"
          defaultValue={env?.bindAllowList.join("\n")}
          errorKeys={["bindAllowList", ...Array.from({ length: 50 }, (_, i) => `bindAllowList.${i}`)]}
          hint={t("bindAllowListHint")}
        />
      )}
    </div>
  );
}
