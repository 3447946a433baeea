[CmdletBinding()]
Param(
    [Parameter(Position=0,Mandatory=$false,ValueFromRemainingArguments=$true)]
    [string[]]$BuildArguments
)
# Bootstrapper: the same contract as build.sh. Warm start when the build's inputs and git HEAD match the stamp.
Set-StrictMode -Version 2.0; $ErrorActionPreference = "Stop"; $ConfirmPreference = "None"; trap { Write-Error $_ -ErrorAction Continue; exit 1 }

$ScriptDir = Split-Path $MyInvocation.MyCommand.Path -Parent
$BuildProjectFile = "$ScriptDir/build/_build.csproj"
$BuildAssembly = "$ScriptDir/build/bin/_build.dll"
$TempDirectory = "$ScriptDir/.nuke/temp"
$StampFile = "$TempDirectory/build.stamp"

$env:DOTNET_CLI_TELEMETRY_OPTOUT = 1
$env:DOTNET_NOLOGO = 1
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = 1
$env:NUKE_TELEMETRY_OPTOUT = 1

function ExecSafe([scriptblock] $cmd) {
    & $cmd
    if ($LASTEXITCODE) { exit $LASTEXITCODE }
}

function Get-Stamp {
    $sha = [System.Security.Cryptography.SHA256]::Create()
    $lines = New-Object System.Collections.Generic.List[string]
    $sources = Get-ChildItem -Path "$ScriptDir/build", "$ScriptDir/src/BuildEngine", "$ScriptDir/src/Delivery" -Recurse -File |
        Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' -and ($_.Extension -in '.cs', '.csproj', '.props', '.targets' -or $_.Name -eq '.editorconfig') } |
        Sort-Object FullName
    foreach ($file in $sources) { $lines.Add((Get-FileHash $file.FullName -Algorithm SHA256).Hash + " " + $file.FullName.Substring($ScriptDir.Length)) }
    foreach ($name in 'global.json', 'Directory.Build.props', 'Directory.Packages.props', 'GitVersion.yml') {
        if (Test-Path "$ScriptDir/$name") { $lines.Add((Get-FileHash "$ScriptDir/$name" -Algorithm SHA256).Hash + " $name") }
    }
    $head = & git -C $ScriptDir rev-parse HEAD 2>$null
    $lines.Add("head $head")
    $lines.Add("shallow " + (Test-Path "$ScriptDir/.git/shallow"))
    $bytes = [System.Text.Encoding]::UTF8.GetBytes(($lines -join "`n"))
    return [System.BitConverter]::ToString($sha.ComputeHash($bytes)).Replace("-", "").ToLowerInvariant()
}

$stamp = Get-Stamp
if ((Test-Path $BuildAssembly) -and (Test-Path $StampFile) -and ((Get-Content $StampFile -Raw).Trim() -eq $stamp)) {
    $dotnet = if ($env:DOTNET_EXE) { $env:DOTNET_EXE } else { "dotnet" }
    & $dotnet $BuildAssembly $BuildArguments
    exit $LASTEXITCODE
}

if ($null -ne (Get-Command "dotnet" -ErrorAction SilentlyContinue) -and (& { Push-Location $ScriptDir; dotnet --version 2>&1 | Out-Null; $ok = $LASTEXITCODE -eq 0; Pop-Location; $ok })) {
    $env:DOTNET_EXE = (Get-Command "dotnet").Path
}
else {
    $version = (Get-Content "$ScriptDir/global.json" | Out-String | ConvertFrom-Json).sdk.version
    $installDir = "$TempDirectory/dotnet-win"
    New-Item -ItemType Directory -Path $TempDirectory -Force | Out-Null
    [Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12
    (New-Object System.Net.WebClient).DownloadFile("https://dot.net/v1/dotnet-install.ps1", "$TempDirectory/dotnet-install.ps1")
    ExecSafe { & powershell "$TempDirectory/dotnet-install.ps1" -InstallDir $installDir -Channel ($version.Substring(0, $version.LastIndexOf('.'))) -NoPath }
    $env:DOTNET_EXE = "$installDir/dotnet.exe"
}

New-Item -ItemType Directory -Path $TempDirectory -Force | Out-Null
Remove-Item $StampFile -ErrorAction Ignore
$buildArgs = @("build", $BuildProjectFile, "-nologo", "-clp:NoSummary", "-tl:off", "--verbosity", "quiet")
if ($env:CI -or $env:GITHUB_ACTIONS) { $buildArgs += "--disable-build-servers" }
$watch = [System.Diagnostics.Stopwatch]::StartNew()
$output = & $env:DOTNET_EXE @buildArgs 2>&1
if ($LASTEXITCODE) { $output | Write-Host; Write-Host "Compiling the build project failed (see above)."; exit $LASTEXITCODE }
Set-Content -Path $StampFile -Value $stamp -NoNewline
Write-Host ("Compiled the build in {0:0.0} s (its inputs or the commit changed)." -f $watch.Elapsed.TotalSeconds)
& $env:DOTNET_EXE $BuildAssembly $BuildArguments
exit $LASTEXITCODE
