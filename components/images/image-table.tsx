import { useTranslations } from "next-intl";
import { ActionForm, Badge, HiddenFields, SubmitButton, TBody, Table, Td, Th, THead, Tr, formatBytes, Time } from "@/components/ui";
import type { FormAction } from "@/components/ui";
import type { ImageDto } from "@/lib/images";
import { CopyButton } from "./copy-button";
import { ImageRegionsButton } from "./image-regions-button";
import { repositoryLabel, type PublishState } from "./image-labels";

/** One scope's images: tag, digest, size, who pushed when, pull command; delete/publish when allowed. */
export function ImageTable({
  caption,
  images,
  deleteAction,
  publishAction,
  canDelete,
  canPublish,
  people = new Map(),
  publishState = new Map(),
  regions = false,
}: {
  caption: string;
  images: ImageDto[];
  deleteAction?: FormAction;
  publishAction?: FormAction;
  canDelete?: (i: ImageDto) => boolean;
  canPublish?: (i: ImageDto) => boolean;
  /** user id → email: names the owner of a personal repository instead of its id. */
  people?: ReadonlyMap<string, string>;
  /** image id → pending or published (from the publish requests the viewer can see). */
  publishState?: ReadonlyMap<string, PublishState>;
  /** Several regions exist: each row offers where its tag is, per region. */
  regions?: boolean;
}) {
  const t = useTranslations("imageTable");
  return (
    <Table caption={caption}>
      <THead>
        <Th>{t("colRepository")}</Th>
        <Th>{t("colTag")}</Th>
        <Th>{t("colDigest")}</Th>
        <Th>{t("colSize")}</Th>
        <Th>{t("colPushed")}</Th>
        <Th className="text-right">{t("colActions")}</Th>
      </THead>
      <TBody>
        {images.map((i) => (
          <Tr key={i.id}>
            <Td className="text-xs">
              <RepositoryCell image={i} people={people} state={publishState.get(i.id)} scopeLabel={t(`scope.${i.scope}` as never)} />
            </Td>
            <Td className="font-mono text-xs">{i.tag}</Td>
            <Td className="font-mono text-xs" title={i.digest}>
              {i.digest.slice(0, 19)}…
            </Td>
            <Td>{formatBytes(i.sizeBytes)}</Td>
            <Td className="text-xs">
              {i.pushedBy?.email ?? "—"}
              <div className="text-zinc-500">
                <Time value={i.pushedAt} />
              </div>
            </Td>
            <Td className="text-right">
              <div className="flex flex-wrap justify-end gap-2">
                <CopyButton text={i.pullCommand} label={t("copyPull")} />
                {regions && <ImageRegionsButton imageId={i.id} image={`${i.repository}:${i.tag}`} />}
                {publishAction && canPublish?.(i) && publishState.get(i.id) !== "published" && (
                  <ActionForm
                    action={publishAction}
                    successMessage={t("publishSent")}
                    aria-label={t("publishAria", { ref: `${i.repository}:${i.tag}` })}
                    className="flex gap-2"
                  >
                    <HiddenFields values={{ imageId: i.id }} />
                    <input
                      name="description"
                      required
                      maxLength={2000}
                      placeholder={t("description")}
                      aria-label={t("descriptionFor", { ref: `${i.repository}:${i.tag}` })}
                      className="w-32 min-w-0 rounded border border-zinc-300 px-2 text-sm"
                    />
                    <SubmitButton variant="secondary" size="sm">
                      {t("publish")}
                    </SubmitButton>
                  </ActionForm>
                )}
                {deleteAction && canDelete?.(i) && (
                  <ActionForm action={deleteAction} successMessage={t("deleted")} aria-label={t("deleteAria", { ref: `${i.repository}:${i.tag}` })}>
                    <HiddenFields values={{ imageId: i.id }} />
                    <SubmitButton variant="danger" size="sm">
                      {t("delete")}
                    </SubmitButton>
                  </ActionForm>
                )}
              </div>
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}

/**
 * Repository as a person reads it (personal: short name and owner, no user id), its scope and
 * publication state, then the registry path docker needs (the only place an owner id remains).
 */
function RepositoryCell({
  image: i,
  people,
  state,
  scopeLabel,
}: {
  image: ImageDto;
  people: ReadonlyMap<string, string>;
  state?: PublishState;
  scopeLabel: string;
}) {
  const tf = useTranslations("consolefix.images");
  const label = repositoryLabel(i.repository, people);
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-mono font-medium" data-testid="image-name">
          {label.name}
        </span>
        <Badge>{scopeLabel}</Badge>
        {state === "pending" && (
          <Badge tone="amber" className="gap-1">
            <span data-testid="publish-state" data-state="pending">
              {tf("pending")}
            </span>
          </Badge>
        )}
        {state === "published" && (
          <Badge tone="green">
            <span data-testid="publish-state" data-state="published">
              {tf("published")}
            </span>
          </Badge>
        )}
      </div>
      {label.owner && <div className="text-zinc-600">{tf("owner", { email: label.owner })}</div>}
      <div className="font-mono text-[11px] break-all text-zinc-500" title={tf("pathTitle")}>
        {i.repository}
      </div>
      {i.description && <div className="text-zinc-500">{i.description}</div>}
    </div>
  );
}
