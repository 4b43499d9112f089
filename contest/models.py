"""Every model, imported in one place so Alembic and the CLI see the whole schema."""
from .accounts.models import ASNProfile, User, UserRole  # noqa: F401
from .certificates.models import Certificate, CertificateTemplate  # noqa: F401
from .contests.models import Contest, Prize  # noqa: F401
from .contests.timeline_models import TimelineChange  # noqa: F401
from .entries.models import Entry  # noqa: F401
from .gallery.models import GallerySettings, PublicConsent, WinnerNote  # noqa: F401
from .judging.analysis_models import (  # noqa: F401
    PairwiseEntry,
    PairwiseFinal,
    PairwiseSettings,
    PairwiseVote,
    RoundMethod,
    TieDecision,
)
from .judging.extra_models import (  # noqa: F401
    AffiliationDecision,
    ContentCheck,
    CrewMember,
    HiddenComment,
    JudgeAffiliation,
    JudgeNote,
    JudgingSettings,
)
from .judging.models import (  # noqa: F401
    AdminCheck,
    Assignment,
    AuditEvent,
    Conflict,
    JudgeProfile,
    JudgingRound,
    PrizeAward,
    RoundFinalist,
    RubricCriterion,
    Score,
    Scorecard,
)
from .judging.order_models import CalibrationItem  # noqa: F401
from .media.caption_models import Caption, CaptionSettings  # noqa: F401
from .media.hls_models import HlsLadder  # noqa: F401
from .media.models import Video  # noqa: F401
from .media.quality_models import QualitySettings, VideoFingerprint, VideoMatch, VideoQuality  # noqa: F401
from .notifications.models import (  # noqa: F401
    Broadcast,
    JudgeReminder,
    NotificationSettings,
    NotificationTemplate,
    OutboxMessage,
)
from .privacy.duty_models import DataSubjectRequest, Incident, IncidentEvent  # noqa: F401
from .privacy.models import (  # noqa: F401
    ConsentRecord,
    DataExport,
    ErasureRequest,
    PersonalDataAccessLog,
    PrivacySettings,
    PublicationWithdrawal,
)
from .voting.models import Vote, VoteCandidate, VoteChallenge, VoteLog, VotingSettings  # noqa: F401
