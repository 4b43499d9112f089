"""Every model, imported in one place so Alembic and the CLI see the whole schema."""
from .accounts.models import ASNProfile, User, UserRole  # noqa: F401
from .certificates.models import Certificate, CertificateTemplate  # noqa: F401
from .contests.models import Contest, Prize  # noqa: F401
from .contests.timeline_models import TimelineChange  # noqa: F401
from .entries.models import Entry  # noqa: F401
from .gallery.models import GallerySettings, PublicConsent, WinnerNote  # noqa: F401
from .judging.checks.models import AdminCheck, ContentCheck  # noqa: F401
from .judging.pairwise.models import (  # noqa: F401
    PairwiseEntry,
    PairwiseFinal,
    PairwiseSettings,
    PairwiseVote,
)
from .judging.panel.models import (  # noqa: F401
    AffiliationDecision,
    Assignment,
    Conflict,
    CrewMember,
    JudgeAffiliation,
    JudgeProfile,
)
from .judging.results.models import HiddenComment, PrizeAward, RoundMethod, TieDecision  # noqa: F401
from .judging.rounds.models import (  # noqa: F401
    AuditEvent,
    JudgingRound,
    JudgingSettings,
    RoundFinalist,
    RubricCriterion,
)
from .judging.scoring.models import CalibrationItem, JudgeNote, Score, Scorecard  # noqa: F401
from .media.captions.models import Caption, CaptionSettings  # noqa: F401
from .media.hls.models import HlsLadder  # noqa: F401
from .media.models import Video  # noqa: F401
from .media.quality.models import QualitySettings, VideoFingerprint, VideoMatch, VideoQuality  # noqa: F401
from .notifications.models import (  # noqa: F401
    Broadcast,
    JudgeReminder,
    NotificationSettings,
    NotificationTemplate,
    OutboxMessage,
)
from .privacy.duties.models import DataSubjectRequest, Incident, IncidentEvent  # noqa: F401
from .privacy.models import DataExport, ErasureRequest, PrivacySettings  # noqa: F401
from .records.models import ConsentRecord, PersonalDataAccessLog, PublicationWithdrawal  # noqa: F401
from .voting.models import Vote, VoteCandidate, VoteChallenge, VoteLog, VotingSettings  # noqa: F401
