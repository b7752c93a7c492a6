"""The embedded engine: an in-process Aerospike node with server semantics.

engine (Engine: commands, batches, info, nsup, fork safety), config (namespace settings),
storage (namespaces of 4,096 partitions; the one way records change), intake (wire values to the
stored form, exact record sizes), ops (operation handlers by wire type), commands (read, write,
delete), expiry (expiry index, nsup thread), counters and info (statistics from counters),
codes and messages (what the engine answers).
"""
