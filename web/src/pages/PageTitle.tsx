// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { useEffect } from "react";
import { useI18n } from "../i18n/context";

/** PageTitle sets document.title: "Page – Ensemble", or just the product on the home page. */
export function PageTitle({ title }: { title?: string }) {
  const { t } = useI18n();
  const product = t("app.name");
  useEffect(() => {
    document.title = title ? `${title} – ${product}` : product;
  }, [title, product]);
  return null;
}
