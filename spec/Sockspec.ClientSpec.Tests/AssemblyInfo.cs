// Every test here runs real clients against real loopback servers with deadlines: run the classes one after another,
// so that a 2-core CI machine is not asked to run three matrices at once and mistake its own load for a hang.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
