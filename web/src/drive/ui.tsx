// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Small pieces the Drive views share: the icon of an item, the role
// names, the quota gauge, and a context that tells the views to reload
// the quota after a change.
import "@mantine/core/styles/Tooltip.css";
import "./drive.css";
import { createContext, useContext } from "react";
import type { ApiResult } from "../api/client";
import { useApiResource } from "../hooks/useApiResource";
import { getQuota, type DriveRole, type Node, type Usage } from "./api";
import { fileKind, formatSize, quotaShare } from "./format";
import { useDriveI18n, type DriveKey } from "./i18n";
import { kindIcons } from "./icons";

/** roleKey names each role. */
export const roleKey: Record<DriveRole, DriveKey> = {
  reader: "drive.role.reader",
  editor: "drive.role.editor",
  administrator: "drive.role.administrator",
  owner: "drive.role.owner",
};

/** NodeIcon is the decorative icon of an item's kind. */
export function NodeIcon({ node, size = 20 }: { node: Pick<Node, "is_dir" | "name" | "content_type">; size?: number }) {
  const kind = fileKind(node);
  const Icon = kindIcons[kind];
  return (
    <span className="ens-drive-icon" data-kind={kind} aria-hidden="true">
      <Icon size={size} />
    </span>
  );
}

/** DriveEvents lets a view say that storage use changed. */
export const DriveEvents = createContext<{ changed: () => void }>({ changed: () => {} });

/** useDriveEvents returns the change notifier of the Drive page. */
export const useDriveEvents = () => useContext(DriveEvents);

const loadQuota = (): Promise<ApiResult<Usage>> => getQuota();

/** useQuota loads the caller's storage use. */
export const useQuota = () => useApiResource(loadQuota);

/**
 * UsageMeter draws used out of quota as a meter (role="meter"): a screen
 * reader says label, then text ("1.2 MB of 10 GB used") rather than a bare
 * percentage. From 90% on it turns red.
 */
export function UsageMeter({ used, quota, label, text, size = "md" }: { used: number; quota: number; label: string; text: string; size?: "sm" | "md" }) {
  // One decimal: aria-valuenow must be a plain number, never 4e-7.
  const share = Math.round(quotaShare(used, quota) * 10) / 10;
  return (
    <div
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={share}
      aria-valuetext={text}
      className="ens-drive-meter"
      data-size={size}
      data-full={share >= 90 || undefined}
    >
      <div className="ens-drive-meter-bar" style={{ width: `${share}%` }} />
    </div>
  );
}

/** QuotaGauge shows the storage used out of the quota. */
export function QuotaGauge({ usage }: { usage: Usage | null }) {
  const { t, lang } = useDriveI18n();
  if (!usage) return null;
  const share = quotaShare(usage.used, usage.quota);
  const text = t("drive.quota.used", { used: formatSize(usage.used, lang), quota: formatSize(usage.quota, lang) });
  return (
    <section className="ens-drive-quota" aria-labelledby="drive-quota-title" data-testid="drive-quota">
      <h2 id="drive-quota-title" className="ens-drive-quota-title">
        {t("drive.quota.title")}
      </h2>
      <UsageMeter used={usage.used} quota={usage.quota} label={t("drive.quota.label")} text={text} />
      <p className="ens-drive-quota-text" aria-hidden="true">
        {text}
      </p>
      {share >= 90 && <p className="ens-drive-quota-text">{t("drive.quota.nearFull")}</p>}
    </section>
  );
}
