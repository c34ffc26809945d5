// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The callout block: a boxed paragraph of rich text with a kind
// (information, warning, success, danger) shown by an icon and a colour.
// BlockNote has none, so it is a custom block: in the Yjs document it is an
// element "callout" with the attribute "kind" inside a blockContainer, which
// the server's export reads (internal/docexport) and writes as a GitHub
// alert in Markdown ("> [!WARNING]"), an <aside role="note"> in HTML and a
// shaded paragraph in ODT, DOCX and PDF.
import { BlockNoteSchema } from "@blocknote/core";
import { insertOrUpdateBlockForSlashMenu } from "@blocknote/core/extensions";
import { createReactBlockSpec, type DefaultReactSuggestionItem } from "@blocknote/react";
import { Menu } from "@mantine/core";
import type { ComponentType } from "react";
import "./callout.css";
import { IconAlertOctagon, IconAlertTriangle, IconCircleCheck, IconInfoCircle } from "./icons";
import type { Language } from "../i18n/languages";

/** calloutKinds are the kinds of callout, the first being the default (the same list as the server's docconv.CalloutKinds). */
export const calloutKinds = ["info", "warning", "success", "danger"] as const;

/** CalloutKind is one of calloutKinds. */
export type CalloutKind = (typeof calloutKinds)[number];

/** calloutIcons are the icons of the kinds (drawn, not emoji, which not every system has), decorative: the kind is also given in words. */
export const calloutIcons: Record<CalloutKind, ComponentType<{ size?: number }>> = {
  info: IconInfoCircle,
  warning: IconAlertTriangle,
  success: IconCircleCheck,
  danger: IconAlertOctagon,
};

/** KindIcon draws the icon of a kind. */
function KindIcon({ kind, size = 20 }: { kind: CalloutKind; size?: number }) {
  const Icon = calloutIcons[kind];
  return <Icon size={size} />;
}

interface CalloutMessages {
  group: string;
  kinds: Record<CalloutKind, string>;
  subtext: string;
  change: string;
}

/** calloutMessages are the callout's texts in each language. */
export const calloutMessages: Record<Language, CalloutMessages> = {
  en: {
    group: "Callouts",
    kinds: { info: "Information", warning: "Warning", success: "Success", danger: "Danger" },
    subtext: "A highlighted box to make a point stand out",
    change: "change the kind of callout",
  },
  fr: {
    group: "Encadrés",
    kinds: { info: "Information", warning: "Avertissement", success: "Réussite", danger: "Danger" },
    subtext: "Un encadré coloré pour mettre un point en valeur",
    change: "changer le type d’encadré",
  },
  de: {
    group: "Hinweisboxen",
    kinds: { info: "Information", warning: "Warnung", success: "Erfolg", danger: "Gefahr" },
    subtext: "Ein farbiger Kasten, der einen Punkt hervorhebt",
    change: "Art des Hinweises ändern",
  },
};

/** calloutKind returns kind if it is one of calloutKinds, else the default. */
export function calloutKind(kind: unknown): CalloutKind {
  return calloutKinds.includes(kind as CalloutKind) ? (kind as CalloutKind) : calloutKinds[0];
}

/** createCallout returns the callout block's spec, labelled in language. */
export function createCallout(language: Language) {
  const m = calloutMessages[language];
  return createReactBlockSpec(
    {
      type: "callout",
      propSchema: { kind: { default: "info" as CalloutKind, values: calloutKinds } },
      content: "inline",
    },
    {
      render: ({ block, editor, contentRef }) => {
        const kind = calloutKind(block.props.kind);
        return (
          <div className="ens-callout" data-kind={kind} role="note" aria-label={m.kinds[kind]} data-testid="callout">
            {editor.isEditable ? (
              <Menu withinPortal position="bottom-start">
                <Menu.Target>
                  <button type="button" className="ens-callout-icon" contentEditable={false} aria-label={`${m.kinds[kind]}: ${m.change}`} data-testid="callout-kind">
                    <KindIcon kind={kind} />
                  </button>
                </Menu.Target>
                <Menu.Dropdown>
                  {calloutKinds.map((k) => (
                    <Menu.Item key={k} leftSection={<span className="ens-callout-menu-icon" data-kind={k}><KindIcon kind={k} size={18} /></span>} onClick={() => editor.isEditable && editor.updateBlock(block, { props: { kind: k } })}>
                      {m.kinds[k]}
                    </Menu.Item>
                  ))}
                </Menu.Dropdown>
              </Menu>
            ) : (
              <span className="ens-callout-icon" contentEditable={false} aria-hidden="true">
                <KindIcon kind={kind} />
              </span>
            )}
            <div className="ens-callout-content" ref={contentRef} />
          </div>
        );
      },
      // Copying out of the editor, and BlockNote's own HTML: an aside, as the server's export writes it.
      toExternalHTML: ({ block, contentRef }) => (
        <aside role="note" className={`callout callout-${calloutKind(block.props.kind)}`} data-kind={calloutKind(block.props.kind)}>
          <p ref={contentRef} />
        </aside>
      ),
    },
  )();
}

/** docSchema returns the editor's schema: BlockNote's blocks and the callout. */
export function docSchema(language: Language) {
  return BlockNoteSchema.create().extend({ blockSpecs: { callout: createCallout(language) } });
}

/** DocSchemaEditor is the editor of documents. */
export type DocSchemaEditor = ReturnType<typeof docSchema>["BlockNoteEditor"];

/** calloutSlashItems are the slash menu's entries that insert a callout, one per kind. */
export function calloutSlashItems(editor: DocSchemaEditor, language: Language): DefaultReactSuggestionItem[] {
  const m = calloutMessages[language];
  return calloutKinds.map((kind) => ({
    title: m.kinds[kind],
    subtext: m.subtext,
    group: m.group,
    aliases: ["callout", "alert", "note", "encadré", "hinweis", kind, m.group.toLowerCase()],
    icon: (
      <span className="ens-callout-menu-icon" data-kind={kind}>
        <KindIcon kind={kind} size={18} />
      </span>
    ),
    onItemClick: () => {
      insertOrUpdateBlockForSlashMenu(editor, { type: "callout", props: { kind } });
    },
  }));
}
