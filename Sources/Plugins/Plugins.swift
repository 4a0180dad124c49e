public enum PluginsModule {}
