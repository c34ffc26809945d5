// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package collab

// Editors returns the IDs of the signed-in people connected to docID on
// this node who may edit it, each once, in no order; nil when nobody is.
// It only reads: the versions service asks it when edits are stored, to
// know who was editing (the log of updates does not record who sent each).
func (s *Service) Editors(docID string) []string {
	s.mu.Lock()
	r := s.rooms[docID]
	s.mu.Unlock()
	if r == nil {
		return nil
	}
	r.mu.Lock()
	conns := make([]*conn, 0, len(r.conns))
	for c := range r.conns {
		conns = append(conns, c)
	}
	r.mu.Unlock()
	var out []string
	seen := map[string]bool{}
	for _, c := range conns {
		if c.user.ID == "" || seen[c.user.ID] || !c.currentRole().CanWrite() {
			continue
		}
		seen[c.user.ID] = true
		out = append(out, c.user.ID)
	}
	return out
}
