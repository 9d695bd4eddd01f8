; Inno Setup script for Malsori on Windows: a per-user install that needs no administrator.
; (Saved as UTF-8 with a BOM: Inno Setup reads a file without one as ANSI, which would garble the Korean.)
;
;   iscc /DAppVersion=0.1.0 /DVariant=cpu packaging\windows\malsori.iss
;
; It packs the PyInstaller bundle (build\dist\malsori, from packaging\malsori.spec) into
; build\dist\malsori-<version>-windows-x64-<variant>-setup.exe. Variant "gpu" is the
; bundle built with MALSORI_VARIANT=gpu (the CUDA 12 cuBLAS and cuDNN runtime inside);
; "cpu" leaves them out and is a third of the download. Either runs on any PC: without a
; working GPU, Malsori says so and transcribes on the CPU.
;
; The installer puts the app in %LOCALAPPDATA%\Programs\Malsori, adds Start-menu and
; (optionally) desktop shortcuts, opens .malsori projects, and offers "Open with Malsori"
; for subtitles, audio and video without taking them over from the person's player.
; The uninstaller removes the app; the person's transcripts, recordings, settings and
; downloaded models (%LOCALAPPDATA%\malsori) stay unless they ask for them to go.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef Variant
  #define Variant "cpu"
#endif
#define Bundle "..\..\build\dist\malsori"
#define Exe "malsori.exe"

[Setup]
AppId={{6B1F3C52-8E0A-4D8C-9B3E-4A7D2C1E5F90}
AppName=Malsori
AppVersion={#AppVersion}
AppVerName=Malsori {#AppVersion} ({#Variant})
AppPublisher=Malsori developers
DefaultDirName={autopf}\Malsori
DefaultGroupName=Malsori
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
OutputDir=..\..\build\dist
OutputBaseFilename=malsori-{#AppVersion}-windows-x64-{#Variant}-setup
SetupIconFile=malsori.ico
UninstallDisplayIcon={app}\{#Exe}
Compression=lzma2/max
SolidCompression=yes
LZMANumBlockThreads=4
WizardStyle=modern
ShowLanguageDialog=auto

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "ko"; MessagesFile: "compiler:Languages\Korean.isl"

[CustomMessages]
en.DesktopIcon=Create a desktop shortcut
ko.DesktopIcon=바탕 화면에 바로 가기 만들기
en.Launch=Start Malsori
ko.Launch=말소리 시작
en.ProjectType=Malsori transcript project
ko.ProjectType=말소리 받아쓰기 프로젝트
en.RemoveData=Also delete your transcripts, recordings, settings and downloaded models?%n%n(%1)%n%nChoose No to keep them for a later install.
ko.RemoveData=받아쓴 글, 녹음, 설정, 내려받은 모델도 지울까요?%n%n(%1)%n%n나중에 다시 설치할 때 쓰려면 '아니요'를 고르세요.

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; Flags: unchecked

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; an update replaces the whole bundle: libraries of the previous version must not linger
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\Malsori"; Filename: "{app}\{#Exe}"
Name: "{autodesktop}\Malsori"; Filename: "{app}\{#Exe}"; Tasks: desktopicon

[Registry]
; .malsori projects are Malsori's own
Root: HKA; Subkey: "Software\Classes\.malsori"; ValueType: string; ValueName: ""; ValueData: "Malsori.Project"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Malsori.Project"; ValueType: string; ValueName: ""; ValueData: "{cm:ProjectType}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Malsori.Project\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#Exe},0"
Root: HKA; Subkey: "Software\Classes\Malsori.Project\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#Exe}"" ""%1"""
; subtitles, audio and video: "Open with Malsori", the person's default program stays
Root: HKA; Subkey: "Software\Classes\Malsori.Media"; ValueType: string; ValueName: ""; ValueData: "Malsori"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Malsori.Media\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#Exe},0"
Root: HKA; Subkey: "Software\Classes\Malsori.Media\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#Exe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\.srt\OpenWithProgids"; ValueType: string; ValueName: "Malsori.Media"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.vtt\OpenWithProgids"; ValueType: string; ValueName: "Malsori.Media"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.ass\OpenWithProgids"; ValueType: string; ValueName: "Malsori.Media"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.wav\OpenWithProgids"; ValueType: string; ValueName: "Malsori.Media"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.mp3\OpenWithProgids"; ValueType: string; ValueName: "Malsori.Media"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.m4a\OpenWithProgids"; ValueType: string; ValueName: "Malsori.Media"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.flac\OpenWithProgids"; ValueType: string; ValueName: "Malsori.Media"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.ogg\OpenWithProgids"; ValueType: string; ValueName: "Malsori.Media"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.opus\OpenWithProgids"; ValueType: string; ValueName: "Malsori.Media"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.wma\OpenWithProgids"; ValueType: string; ValueName: "Malsori.Media"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.mp4\OpenWithProgids"; ValueType: string; ValueName: "Malsori.Media"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.mkv\OpenWithProgids"; ValueType: string; ValueName: "Malsori.Media"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.mov\OpenWithProgids"; ValueType: string; ValueName: "Malsori.Media"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.webm\OpenWithProgids"; ValueType: string; ValueName: "Malsori.Media"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.avi\OpenWithProgids"; ValueType: string; ValueName: "Malsori.Media"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.wmv\OpenWithProgids"; ValueType: string; ValueName: "Malsori.Media"; ValueData: ""; Flags: uninsdeletevalue

[Run]
Filename: "{app}\{#Exe}"; Description: "{cm:Launch}"; Flags: nowait postinstall skipifsilent

[Code]
{ The person's own files (platformdirs puts data, settings, cache and logs under
  %LOCALAPPDATA%\malsori) survive an uninstall unless the person says otherwise;
  a silent uninstall (an update, a managed removal) never deletes them. }
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  UserData: String;
begin
  if CurUninstallStep <> usPostUninstall then
    Exit;
  UserData := ExpandConstant('{localappdata}\malsori');
  if UninstallSilent or not DirExists(UserData) then
    Exit;
  if MsgBox(FmtMessage(CustomMessage('RemoveData'), [UserData]), mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
    DelTree(UserData, True, True, True);
end;
