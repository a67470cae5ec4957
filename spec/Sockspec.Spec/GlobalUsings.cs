global using Sockspec.Codec;
global using Sockspec.Runner.Cases;
global using Sockspec.Model;
global using static Sockspec.Runner.Cases.CaseBuilder;
global using static Sockspec.Model.RequirementLevel;
global using static Sockspec.Model.Verdict;

// Server cases judge what a proxy answered; their outcomes are the one outcome model over that observation.
global using Outcome = Sockspec.Runner.Cases.Outcome<Sockspec.Runner.Cases.Observation>;
