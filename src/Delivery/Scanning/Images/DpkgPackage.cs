namespace Delivery.Scanning.Images;

/// <summary>One package dpkg has installed in an image, with the source package it was built from.</summary>
public sealed record DpkgPackage(string Name, string Version, string Architecture, string Source, string SourceVersion);
