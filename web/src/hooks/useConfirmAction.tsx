// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { useState, type ReactNode } from "react";
import { ConfirmDialog, type ConfirmRequest } from "../components/ConfirmDialog";

/**
 * useConfirmAction is the confirm-then-act flow: ask(request) opens the
 * confirmation dialog, which runs request.run and stays open with its error
 * if it fails. Render dialog once in the component.
 */
export function useConfirmAction(): { ask: (request: ConfirmRequest) => void; dialog: ReactNode } {
  const [request, setRequest] = useState<ConfirmRequest | null>(null);
  return { ask: setRequest, dialog: <ConfirmDialog request={request} onClose={() => setRequest(null)} /> };
}
