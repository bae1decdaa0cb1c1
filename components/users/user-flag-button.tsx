// A one-button form that flips one flag of a user (disabled, platformAdmin) through a server action.
import { ActionForm, HiddenFields, SubmitButton, type FormAction } from "@/components/ui";

export function UserFlagButton({
  action,
  userId,
  field,
  value,
  label,
  ariaLabel,
  successMessage,
  danger,
}: {
  action: FormAction;
  userId: string;
  field: "disabled" | "platformAdmin";
  value: boolean;
  label: string;
  ariaLabel: string;
  successMessage: string;
  danger?: boolean;
}) {
  return (
    <ActionForm action={action} successMessage={successMessage} resetOnSuccess={false} aria-label={ariaLabel} className="inline-flex flex-col items-end gap-1">
      <HiddenFields values={{ userId, field, value: String(value) }} />
      <SubmitButton size="sm" variant={danger ? "danger" : "secondary"} aria-label={ariaLabel}>
        {label}
      </SubmitButton>
    </ActionForm>
  );
}
