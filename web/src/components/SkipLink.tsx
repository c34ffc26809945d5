// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { useI18n } from "../i18n/context";

/** mainId is the id of the <main> element that the skip link targets. */
export const mainId = "main";

/**
 * SkipLink is the first focusable element of every page: it lets keyboard
 * and screen reader users jump over the header. It moves focus itself so
 * that the address keeps no "#main" and the client router is not involved.
 */
export function SkipLink() {
  const { t } = useI18n();
  return (
    <a
      className="ens-skip-link"
      href={`#${mainId}`}
      onClick={(e) => {
        const main = document.getElementById(mainId);
        if (!main) return;
        e.preventDefault();
        main.focus();
        main.scrollIntoView({ block: "start" });
      }}
    >
      {t("skip.main")}
    </a>
  );
}
