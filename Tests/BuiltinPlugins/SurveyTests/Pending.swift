// The tests of this built-in plugin arrive with the plugin.
