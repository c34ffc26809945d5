// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import type { ReactNode } from "react";
import { useI18n } from "../i18n/context";
import { IconAlert, IconCheck, IconInfo, IconX } from "../icons";

/**
 * Notice is a short message in a page, in the DSFR manner: a coloured
 * left rule and icon, the text in the body colour (AA in both schemes).
 * Errors are alerts (announced at once), the others polite status messages.
 */
export function Notice({ kind, title, children, onClose, testId }: { kind: "success" | "error" | "info"; title?: string; children?: ReactNode; onClose?: () => void; testId?: string }) {
  const { t } = useI18n();
  const Icon = kind === "success" ? IconCheck : kind === "error" ? IconAlert : IconInfo;
  return (
    <div className={`ens-notice ens-notice-${kind}`} role={kind === "error" ? "alert" : "status"} data-testid={testId}>
      <span className="ens-notice-icon" aria-hidden="true">
        <Icon size={20} />
      </span>
      <div className="ens-notice-body">
        {title && <p className="ens-notice-title">{title}</p>}
        {children && <div className="ens-notice-text">{children}</div>}
      </div>
      {onClose && (
        <button type="button" className="ens-notice-close" onClick={onClose} aria-label={t("common.dismiss")}>
          <IconX size={18} />
        </button>
      )}
    </div>
  );
}
