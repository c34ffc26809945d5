// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Drive's part of the administrators' user list: each user's storage use
// against their quota, and a dialog that sets a user's quota (in MB or
// GB) or puts the default back.
import { Button, NativeSelect, TextInput } from "@mantine/core";
import { useCallback, useState, type FormEvent } from "react";
import type { ApiResult } from "../api/client";
import { FormDialog } from "../components/FormDialog";
import { describeError } from "../format";
import { useApiResource } from "../hooks/useApiResource";
import { adminDriveUsage, adminSetQuota, type UserUsage } from "./api";
import { formatSize, quotaBytes, quotaParts, type QuotaUnit } from "./format";
import { useDriveI18n } from "./i18n";
import { UsageMeter } from "./ui";

/** DriveUsage is every user's storage, by user ID, and the default quota. */
export interface DriveUsage {
  byUser: Map<string, UserUsage>;
  defaultQuota: number;
}

const loadUsage = async (): Promise<ApiResult<DriveUsage>> => {
  const r = await adminDriveUsage();
  if (!r.ok) return r;
  return { ok: true, data: { byUser: new Map((r.data.items ?? []).map((u) => [u.user_id, u])), defaultQuota: r.data.default_quota } };
};

/** useDriveUsage loads every user's storage use (administrators). */
export const useDriveUsage = () => useApiResource(loadUsage);

/** StorageTitle is the storage column's heading. */
export function StorageTitle() {
  return <>{useDriveI18n().t("drive.admin.col")}</>;
}

/** StorageCell shows a user's use and quota, and whether the quota is theirs or the default. */
export function StorageCell({ name, usage }: { name: string; usage: UserUsage | undefined }) {
  const { t, lang } = useDriveI18n();
  if (!usage) return <span className="ens-cell-muted">{t("drive.admin.none")}</span>;
  const text = t("drive.admin.usage", { used: formatSize(usage.used, lang), quota: formatSize(usage.quota, lang) });
  return (
    <span className="ens-drive-admin-usage" data-testid="user-storage" data-custom={usage.custom || undefined}>
      <UsageMeter used={usage.used} quota={usage.quota} label={t("drive.admin.meter", { name })} text={text} size="sm" />
      <span aria-hidden="true">{text}</span>
      <span className="ens-cell-muted">{usage.custom ? t("drive.admin.custom") : t("drive.admin.default")}</span>
    </span>
  );
}

/** QuotaMenuLabel is the label of the menu item that opens QuotaDialog. */
export function QuotaMenuLabel() {
  return <>{useDriveI18n().t("drive.admin.set")}</>;
}

/**
 * QuotaDialog sets user's quota. onDone gets the notice to show; the
 * caller then reloads the usage.
 */
export function QuotaDialog({
  user,
  usage,
  defaultQuota,
  onClose,
  onDone,
}: {
  user: { id: string; name: string; email: string };
  usage: UserUsage | undefined;
  defaultQuota: number;
  onClose: () => void;
  onDone: (text: string) => void;
}) {
  const { t, lang } = useDriveI18n();
  const start = quotaParts(usage?.quota ?? defaultQuota);
  const [amount, setAmount] = useState(start.amount);
  const [unit, setUnit] = useState<QuotaUnit>(start.unit);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const used = usage?.used ?? 0;
  const bytes = quotaBytes(amount, unit);

  const save = useCallback(
    async (value: number | null) => {
      setError(null);
      setBusy(true);
      const r = await adminSetQuota(user.id, value);
      setBusy(false);
      if (!r.ok) return setError(describeError(r.error, t));
      const quota = formatSize(r.data.quota, lang);
      onDone(value === null ? t("drive.admin.resetDone", { email: user.email, quota }) : t("drive.admin.saved", { email: user.email, quota }));
    },
    [user, t, lang, onDone],
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (bytes === null) return setError(t("drive.admin.invalid"));
    void save(bytes);
  };

  return (
    <FormDialog
      onClose={onClose}
      title={t("drive.admin.title", { name: user.name })}
      onSubmit={submit}
      testId="quota-form"
      error={error}
      errorTestId="quota-error"
      busy={busy}
      submitLabel={t("drive.admin.save")}
      submitTestId="quota-submit"
    >
      <p className="ens-dialog-text">{t("drive.admin.lead", { name: user.name, used: formatSize(used, lang), default: formatSize(defaultQuota, lang) })}</p>
      <div className="ens-drive-quota-fields">
        <TextInput label={t("drive.admin.amount")} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.currentTarget.value)} required data-testid="quota-amount" data-autofocus />
        <NativeSelect
          label={t("drive.admin.unit")}
          value={unit}
          onChange={(e) => setUnit(e.currentTarget.value as QuotaUnit)}
          data={[
            { value: "MB", label: formatSize(1024 ** 2, lang).replace(/^1\s/, "") },
            { value: "GB", label: formatSize(1024 ** 3, lang).replace(/^1\s/, "") },
          ]}
          data-testid="quota-unit"
        />
      </div>
      {bytes !== null && bytes < used && (
        <p className="ens-drive-help" role="status" data-testid="quota-below">
          {t("drive.admin.below", { name: user.name })}
        </p>
      )}
      {usage?.custom && (
        <Button variant="subtle" onClick={() => void save(null)} disabled={busy} data-testid="quota-reset">
          {t("drive.admin.reset", { default: formatSize(defaultQuota, lang) })}
        </Button>
      )}
    </FormDialog>
  );
}
