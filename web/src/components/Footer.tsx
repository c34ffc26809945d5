// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { useI18n } from "../i18n/context";
import { useShell } from "../shell-context";
import { LogoMark } from "./Logo";

/** Footer closes every page with what the suite is and which version runs. */
export function Footer() {
  const { t } = useI18n();
  const { state } = useShell();
  return (
    <footer className="ens-footer">
      <div className="ens-footer-inner">
        <div className="ens-footer-brand">
          <LogoMark size={24} />
          <span className="ens-footer-name">{t("app.name")}</span>
        </div>
        <p className="ens-footer-text">
          {t("footer.licence")}
          {state.status === "ready" && (
            <>
              <span aria-hidden="true"> · </span>
              <span data-testid="footer-version">{t("footer.version", { version: state.shell.version })}</span>
            </>
          )}
        </p>
      </div>
    </footer>
  );
}
