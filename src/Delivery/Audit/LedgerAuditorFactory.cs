namespace Delivery.Audit;

/// <summary>Hands out the auditor of an environment's ledger (each environment has its own chain).</summary>
public interface IDeployAuditorFactory
{
    IDeployAuditor For(string environment);
}

public sealed class LedgerAuditorFactory(string root, IReadOnlyList<IDeployNotifier> notifiers) : IDeployAuditorFactory
{
    public IDeployAuditor For(string environment) => new NotifyingAuditor(new ReleaseLedger(root, environment), notifiers);
}
