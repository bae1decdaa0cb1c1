import { useTranslations } from "next-intl";
import { ActionForm, Badge, HiddenFields, SubmitButton, TBody, Table, Td, Th, THead, Tr, formatBytes, Time } from "@/components/ui";
import type { FormAction } from "@/components/ui";
import type { ImageDto } from "@/lib/images";
import { CopyButton } from "./copy-button";

/** One scope's images: tag, digest, size, who pushed when, pull command; delete/publish when allowed. */
export function ImageTable({
  caption,
  images,
  deleteAction,
  publishAction,
  canDelete,
  canPublish,
}: {
  caption: string;
  images: ImageDto[];
  deleteAction?: FormAction;
  publishAction?: FormAction;
  canDelete?: (i: ImageDto) => boolean;
  canPublish?: (i: ImageDto) => boolean;
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
            <Td className="font-mono text-xs">
              {i.repository} <Badge>{t(`scope.${i.scope}` as never)}</Badge>
              {i.description && <div className="mt-1 font-sans text-zinc-500">{i.description}</div>}
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
                {publishAction && canPublish?.(i) && (
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
                      className="rounded border border-zinc-300 px-2 text-sm"
                    />
                    <SubmitButton variant="secondary">{t("publish")}</SubmitButton>
                  </ActionForm>
                )}
                {deleteAction && canDelete?.(i) && (
                  <ActionForm action={deleteAction} successMessage={t("deleted")} aria-label={t("deleteAria", { ref: `${i.repository}:${i.tag}` })}>
                    <HiddenFields values={{ imageId: i.id }} />
                    <SubmitButton variant="danger">{t("delete")}</SubmitButton>
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
