// The portal's UI primitives. Import from "@/components/ui" everywhere.
export { cn, focusRing } from "./cn";
export { Button, ButtonLink, Spinner, buttonClass, type ButtonProps, type ButtonVariant } from "./button";
export { Field, Input, Select, Textarea, TextField, SelectField, TextareaField, CheckboxField } from "./field";
export { ActionForm, SubmitButton, HiddenFields, type FormAction } from "./action-form";
export { Dialog } from "./dialog";
export { ConfirmDialog } from "./confirm-dialog";
export { ToastProvider, useToast } from "./toast";
export { Badge, RoleBadge, StatusBadge } from "./badge";
export { Table, THead, TBody, Tr, Th, Td } from "./table";
export { PageHeader, Card, EmptyState, DescriptionList } from "./layout-blocks";
export { formatBytes } from "./format";
export { Time } from "./time";
export { Tabs, TabList, Tab, TabPanel } from "./tabs";
export { Pager, usePage, type PageOf } from "./pager";
