namespace Delivery.Scanning.Policy;

/// <summary>
/// Checks compose files against <see cref="ComposeRules"/>, per service of every merged view (compose.yaml with each
/// overlay), since a setting may sit in either file. A violation found in several views is reported once, at the file
/// and line that hold the value; one found in only some views names them. Violations a service's documented exception
/// covers are reported as waived; an exception that waives nothing in any view is a violation itself (DC015).
/// </summary>
public static class ComposePolicy
{
    public static PolicyReport Check(IReadOnlyList<(string Location, string Yaml)> files)
    {
        var violations = new List<PolicyViolation>();
        var parsed = new List<ComposeFile>();
        foreach (var (location, yaml) in files)
        {
            try
            {
                var file = ComposeFile.Parse(location, yaml);
                if (file.Root["services"] is not ComposeMapping)
                    violations.Add(ComposeRules.Unreadable.At(location, file.Root.Line, "has no services mapping; a compose file lists its services under services:"));
                parsed.Add(file);
            }
            catch (FormatException e)
            {
                violations.Add(ComposeRules.Unreadable.At(location, LineOf(e.Message), $"cannot be read ({e.Message}); fix it so its services can be checked"));
            }
        }

        var views = ComposeView.Of(parsed);
        var found = new Dictionary<(ServiceViolation Violation, string Service), SortedSet<string>>();
        var waived = new Dictionary<(ServiceViolation Violation, string Service, string Reason), SortedSet<string>>();
        var declared = new HashSet<ComposeException>();
        var used = new HashSet<ComposeException>();
        void Note<TKey>(Dictionary<TKey, SortedSet<string>> into, TKey key, string view) where TKey : notnull
        {
            if (!into.TryGetValue(key, out var seen))
                into[key] = seen = new SortedSet<string>(StringComparer.Ordinal);
            seen.Add(view);
        }

        foreach (var view in views)
        {
            foreach (var service in view.Services)
            {
                var (exceptions, invalid) = ComposeExceptions.Read(service);
                declared.UnionWith(exceptions);
                foreach (var problem in invalid)
                    Note(found, (problem, service.Name), view.Name);
                foreach (var violation in ComposeServiceRules.Check(service))
                {
                    if (exceptions.FirstOrDefault(x => x.RuleId == violation.Rule.Id) is { } exception)
                    {
                        used.Add(exception);
                        Note(waived, (violation, service.Name, exception.Reason), view.Name);
                    }
                    else
                        Note(found, (violation, service.Name), view.Name);
                }
            }
        }
        foreach (var stale in declared.Except(used))
            violations.Add(ComposeRules.Exceptions.At(stale.File, stale.Line, $"service '{stale.Service}': the exception for {stale.RuleId} waives nothing in any view; remove it"));

        string Message(ServiceViolation v, string service, SortedSet<string> inViews) =>
            $"service '{service}'{(views.Count > 1 && inViews.Count < views.Count ? $" ({string.Join(", ", inViews)})" : "")}: {v.Text}";
        violations.AddRange(found.Select(f => f.Key.Violation.Rule.At(f.Key.Violation.File, f.Key.Violation.Line, Message(f.Key.Violation, f.Key.Service, f.Value))));
        return new(
            violations.OrderBy(v => v.Location, StringComparer.Ordinal).ThenBy(v => v.Line).ToList(),
            waived.Select(w => new WaivedViolation(w.Key.Violation.Rule.At(w.Key.Violation.File, w.Key.Violation.Line, Message(w.Key.Violation, w.Key.Service, w.Value)), w.Key.Reason)).ToList());
    }

    static int LineOf(string message) =>
        message.StartsWith("line ", StringComparison.Ordinal) && int.TryParse(message[5..].Split(':')[0], out var line) ? line : 1;
}
