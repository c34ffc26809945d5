// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// Prop is a dead property of an item, stored for WebDAV clients: its
// namespace and local name, its xml:lang and its inner XML.
type Prop struct {
	Space, Local, Lang, Inner string
}

// Props returns the dead properties of item n, which the caller read
// through this service.
func (s *Service) Props(ctx context.Context, n Node) ([]Prop, error) {
	m, err := s.propsOf(ctx, `node_id = $1`, n.ID)
	return m[n.ID], err
}

// ChildProps returns the dead properties of every live child of folder
// n, by child ID, in one query (a PROPFIND of depth 1 needs them all).
func (s *Service) ChildProps(ctx context.Context, n Node) (map[string][]Prop, error) {
	return s.propsOf(ctx, `node_id IN (SELECT id FROM drive_nodes WHERE parent_id = $1 AND trashed_at IS NULL)`, n.ID)
}

func (s *Service) propsOf(ctx context.Context, where, arg string) (map[string][]Prop, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT node_id, prop_space, prop_local, lang, xml_inner FROM drive_props WHERE `+where+
		` ORDER BY node_id, prop_space, prop_local`, arg)
	if err != nil {
		return nil, fmt.Errorf("drive: properties: %w", err)
	}
	defer rows.Close()
	m := map[string][]Prop{}
	for rows.Next() {
		var id string
		var p Prop
		if err := rows.Scan(&id, &p.Space, &p.Local, &p.Lang, &p.Inner); err != nil {
			return nil, fmt.Errorf("drive: properties: %w", err)
		}
		m[id] = append(m[id], p)
	}
	return m, rows.Err()
}

// maxProps bounds the dead properties of one item.
const maxProps = 200

// PropPatch sets a property, or removes it.
type PropPatch struct {
	Prop
	Remove bool
}

// PatchProps applies ops to item id's properties, in order, all or none.
func (s *Service) PatchProps(ctx context.Context, actor, id string, ops []PropPatch) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.live(ctx, tx, actor, id, ActWrite); err != nil {
			return err
		}
		for _, p := range ops {
			if p.Remove {
				if _, err := tx.ExecContext(ctx, `DELETE FROM drive_props WHERE node_id = $1 AND prop_space = $2 AND prop_local = $3`,
					id, p.Space, p.Local); err != nil {
					return fmt.Errorf("drive: remove property: %w", err)
				}
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO drive_props (node_id, prop_space, prop_local, lang, xml_inner)
				VALUES ($1, $2, $3, $4, $5) ON CONFLICT (node_id, prop_space, prop_local)
				DO UPDATE SET lang = excluded.lang, xml_inner = excluded.xml_inner`, id, p.Space, p.Local, p.Lang, p.Inner); err != nil {
				return fmt.Errorf("drive: set property: %w", err)
			}
		}
		var c int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM drive_props WHERE node_id = $1`, id).Scan(&c); err != nil {
			return err
		}
		if c > maxProps {
			return errs.Explain(errs.TooLarge, "An item may have at most %d properties.", maxProps)
		}
		return nil
	})
}
