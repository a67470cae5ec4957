// Server cases judge what a proxy answered; their outcomes are the one outcome model over that observation.
global using Outcome = Sockspec.Runner.Cases.Outcome<Sockspec.Runner.Cases.Observation>;
