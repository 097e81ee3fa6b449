package lsp

// watchFiles watches every file the last diagnosis read. A file that changed between its read
// and its watch being set up sent its event to nobody (seen in a test that wrote a settings
// file right after the first diagnostics arrived): compare each file with what was read, and
// treat the ones that differ as changed.
func (s *Server) watchFiles() {
	s.watch.Set(s.world.Paths())
	if stale := s.world.ChangedSinceRead(); len(stale) > 0 {
		s.filesChanged(stale)
	}
}
