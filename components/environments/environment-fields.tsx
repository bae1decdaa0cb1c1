// The fields of the environment create and edit forms (flat names; app/_lib/environment-form.ts
// nests them for the use-case). On create, empty fields keep the platform defaults, shown as
// placeholders.
import type { EnvironmentDto } from "@/lib/environments";
import { SelectField, TextField, TextareaField } from "@/components/ui";

export function EnvironmentFields({ env, showBindAllowList = false }: { env?: EnvironmentDto; showBindAllowList?: boolean }) {
  return (
    <div className="space-y-4">
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <TextField label="Name" name="name" required defaultValue={env?.name} autoComplete="off" spellCheck={false} hint="Lowercase letters, digits and dashes, e.g. prod or staging-2." />
        <TextareaField label="Description" name="description" rows={2} defaultValue={env?.description} hint="Optional." />
      </div>
      <fieldset className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold text-zinc-900">Published ports</legend>
        <TextField label="Port range from" name="portFrom" type="number" inputMode="numeric" min={1024} max={65535} defaultValue={env?.portRange.from} placeholder="30000" errorKeys={["portRange.from"]} />
        <TextField label="Port range to" name="portTo" type="number" inputMode="numeric" min={1024} max={65535} defaultValue={env?.portRange.to} placeholder="32767" errorKeys={["portRange.to", "portRange"]} hint="Apps get their published ports from this range." />
        <SelectField label="Publish mode" name="publishMode" defaultValue={env?.publishMode ?? ""} hint="host works on every kernel; ingress needs IPVS for the routing mesh.">
          {!env && <option value="">Default (host)</option>}
          <option value="host">host</option>
          <option value="ingress">ingress</option>
        </SelectField>
        <SelectField label="Endpoint mode" name="endpointMode" defaultValue={env?.endpointMode ?? ""} hint="dnsrr works everywhere; vip needs IPVS.">
          {!env && <option value="">Default (dnsrr)</option>}
          <option value="dnsrr">dnsrr</option>
          <option value="vip">vip</option>
        </SelectField>
      </fieldset>
      <fieldset className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold text-zinc-900">Defaults for services without limits</legend>
        <TextField label="Default CPUs" name="cpus" type="number" step="0.01" min={0.01} max={64} defaultValue={env?.defaults.cpus} placeholder="0.5" errorKeys={["defaults.cpus", "defaults"]} />
        <TextField label="Default memory (MiB)" name="memoryMb" type="number" min={4} defaultValue={env?.defaults.memoryMb} placeholder="256" errorKeys={["defaults.memoryMb"]} />
      </fieldset>
      {showBindAllowList && (
        <TextareaField
          label="Bind-mount allow-list"
          name="bindAllowList"
          rows={3}
          className="font-mono"
          defaultValue={env?.bindAllowList.join("\n")}
          errorKeys={["bindAllowList", ...Array.from({ length: 50 }, (_, i) => `bindAllowList.${i}`)]}
          hint="Platform admins only. One absolute host path per line that apps may bind-mount."
        />
      )}
    </div>
  );
}
